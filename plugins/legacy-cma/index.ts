/*
 * Legacy MIGRATE_CMA (pre-v5.8 mainline, e.g. Linux 3.17 of the GCMA RFC v2):
 * CMA used by movable allocations only after the MOVABLE lists run dry
 * (__rmqueue_cma_fallback), CMA pages mixed into the MOVABLE pcp lists, no
 * migrate-before-long-term-pin (v5.1), no lru_cache_disable (v5.13); by default
 * v3.x's pageblock stealing and per-pageblock drains and the 512 KiB PCP batch cap
 * (before v4.19); zsmalloc pages movable (v4.8 on; false for a 3.x zram machine).
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
      // v3.18: zone_batchsize() capped the batch at 512 KiB until v4.19 (d8a759b57035).
      pcpBatchCapKiB: this.params['pcpBatchCapKiB'] === '1024' ? 1024 : 512,
      // Movable since v4.8 (48b4800a1c6a); legacy CMA lasted to v5.7. false: v3.x's GFP_NOIO | __GFP_HIGHMEM pool.
      zsmallocMovable: this.params['zsmallocMovable'] !== false,
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
