/*
 * Legacy MIGRATE_CMA (pre-v5.8 mainline, e.g. Linux 3.17 of the GCMA RFC v2):
 * CMA used by movable allocations only after the MOVABLE lists run dry
 * (__rmqueue_cma_fallback), CMA pages mixed into the MOVABLE pcp lists, no
 * migrate-before-long-term-pin (v5.1), no lru_cache_disable (v5.13); by default
 * v3.x's pageblock stealing and per-pageblock drains.
 */
import {
  IContig,
  IKernel,
  IMemory,
  IPolicyParams,
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
export class LegacyCmaPolicy implements Policy {
  constructor(
    @inject(IPolicyParams) private readonly params: IPolicyParams,
    @inject(IMemory) private readonly memory: IMemory,
    @inject(IKernel) private readonly kernel: IKernel,
    @inject(IContig) private readonly contig: IContig,
  ) {}

  setup(): void {
    this.memory.reserveRegion(Number(this.params['regionPages']), 'cma');
    this.kernel.set({
      cmaPcp: 'movable',
      cmaFirstThreshold: null,
      cmaFallbackLargest: this.params['cmaFallbackLargest'] !== false,
      cmaAllowedSources: 'movable',
      pageCacheInCma: true,
      aioRingMigratable: this.params['aioRingMigratable'] !== false,
      longtermPinMigrate: false,
      lruCacheDisableDuringContig: false,
      bhLruInvalidateDuringContig: false,
      unmovableStealsPageblock: this.params['unmovableStealsPageblock'] === true,
      drainPerIsolatedPageblock: this.params['drainPerIsolatedPageblock'] !== false,
    });
  }

  allocContig(req: ContigRequest, rec: ContigRecord): ContigTask {
    return this.contig.cmaAlloc(req, rec);
  }

  releaseContig(startPfn: number, pages: number): void {
    this.contig.cmaRelease(startPfn, pages);
  }
}

const module: PolicyModule = { manifest: manifest as unknown as PolicyManifest, policy: LegacyCmaPolicy };
export default module;
