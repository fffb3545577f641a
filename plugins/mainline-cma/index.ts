/*
 * Mainline CMA (v6.x): MIGRATE_CMA with every change mainline merged
 * (MAINLINE_FEATURES in the SDK: migratable AIO ring v3.12, migrate before a
 * long-term pin v5.1, CMA-first above half of free memory v5.8,
 * lru_cache_disable and bh LRU invalidation v5.13) and cma_alloc as is.
 * The cma-quirks plugin's mainline-6.x preset sets the same switches.
 */
import {
  IContig,
  IKernel,
  IMemory,
  IPolicyParams,
  MAINLINE_FEATURES,
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
export class MainlineCmaPolicy implements Policy {
  constructor(
    @inject(IPolicyParams) private readonly params: IPolicyParams,
    @inject(IMemory) private readonly memory: IMemory,
    @inject(IKernel) private readonly kernel: IKernel,
    @inject(IContig) private readonly contig: IContig,
  ) {}

  setup(): void {
    this.memory.reserveRegion(Number(this.params['regionPages']), 'cma');
    this.kernel.set({ ...MAINLINE_FEATURES });
  }

  allocContig(req: ContigRequest, rec: ContigRecord): ContigTask {
    return this.contig.cmaAlloc(req, rec);
  }

  releaseContig(startPfn: number, pages: number): void {
    this.contig.cmaRelease(startPfn, pages);
  }
}

const module: PolicyModule = { manifest: manifest as unknown as PolicyManifest, policy: MainlineCmaPolicy };
export default module;
