/*
 * Carve-out: reserve the region at boot; only the device ever uses it.
 * Allocation is an aligned bitmap search plus taking the pages.
 */
import {
  IContig,
  IMemory,
  IPolicyParams,
  atomicStep,
  inject,
  injectable,
  type ContigRecord,
  type ContigRequest,
  type ContigTask,
  type Policy,
  type PolicyManifest,
  type PolicyModule,
} from '@cmawb/sdk';
import manifest from './manifest.json' with { type: 'json' };

@injectable()
export class CarveoutPolicy implements Policy {
  constructor(
    @inject(IPolicyParams) private readonly params: IPolicyParams,
    @inject(IMemory) private readonly memory: IMemory,
    @inject(IContig) private readonly contig: IContig,
  ) {}

  setup(): void {
    this.memory.reserveRegion(Number(this.params['regionPages']), 'carveout');
  }

  *allocContig(req: ContigRequest, rec: ContigRecord): ContigTask {
    const region = this.memory.region!;
    const bit = this.contig.bitmap.findZeroArea(0, req.pages, req.alignOrder);
    rec.candidates = 1;
    if (bit < 0) {
      rec.reason = 'no free range in the area';
      return false;
    }
    this.contig.bitmap.set(bit, req.pages);
    // dma_alloc_from_coherent: a bitmap under a spinlock, nothing to preempt.
    yield atomicStep(this.contig.takeReserved(region.startPfn + bit, req.pages, rec));
    return true;
  }

  releaseContig(startPfn: number, pages: number): void {
    this.contig.returnReserved(startPfn, pages);
    this.contig.bitmap.clear(startPfn - this.memory.region!.startPfn, pages);
  }
}

const module: PolicyModule = { manifest: manifest as unknown as PolicyManifest, policy: CarveoutPolicy };
export default module;
