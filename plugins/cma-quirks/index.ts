/*
 * CMA with quirk blocklists: every quirk from domain.md s3 is a switch that
 * maps onto a kernel feature (IKernel) or a cma_alloc option. Presets bundle
 * the combinations real trees shipped.
 */
import {
  IContig,
  IKernel,
  IMemory,
  IPolicyParams,
  inject,
  injectable,
  type AllocSource,
  type ContigRecord,
  type ContigRequest,
  type ContigTask,
  type Policy,
  type PolicyManifest,
  type PolicyModule,
} from '@cmawb/sdk';
import manifest from './manifest.json' with { type: 'json' };

const ALLOWLISTS: Record<string, AllocSource[]> = {
  zram: ['zram'],
  'zram+anon': ['zram', 'anon'],
  anon: ['anon'],
};

@injectable()
export class CmaQuirksPolicy implements Policy {
  constructor(
    @inject(IPolicyParams) private readonly p: IPolicyParams,
    @inject(IMemory) private readonly memory: IMemory,
    @inject(IKernel) private readonly kernel: IKernel,
    @inject(IContig) private readonly contig: IContig,
  ) {}

  setup(): void {
    const p = this.p;
    this.memory.reserveRegion(Number(p['regionPages']), 'cma');
    this.kernel.set({
      cmaPcp: p['cmaOffPcp'] ? 'off' : 'movable',
      cmaFirstThreshold: p['cmaFirst'] ? Number(p['cmaFirstThreshold']) : null,
      cmaFallbackLargest: p['cmaFallbackLargest'] !== false,
      cmaAllowedSources: p['gfpCmaAllowlist'] ? ALLOWLISTS[String(p['cmaAllowedSources'])]! : 'movable',
      pageCacheInCma: !p['noPageCacheInCma'],
      aioRingMigratable: p['aioRingMigratable'] === true,
      longtermPinMigrate: p['longtermPinMigrate'] === true,
      lruCacheDisableDuringContig: p['lruCacheDisable'] === true,
      bhLruInvalidateDuringContig: p['lruCacheDisable'] === true,
      unmovableStealsPageblock: p['unmovableStealsPageblock'] === true,
      drainPerIsolatedPageblock: p['drainPerIsolatedPageblock'] !== false,
      pcpBatchCapKiB: p['pcpBatchCapKiB'] === '1024' ? 1024 : 512,
      zsmallocMovable: p['zsmallocMovable'] !== false,
    });
  }

  allocContig(req: ContigRequest, rec: ContigRecord): ContigTask {
    const p = this.p;
    return this.contig.cmaAlloc(req, rec, {
      failFast: p['failFast'] === true,
      backoffMs: p['backoffRetry'] ? Number(p['backoffMs']) : undefined,
      maxTries: p['backoffRetry'] ? Number(p['backoffMaxTries']) : undefined,
    });
  }

  releaseContig(startPfn: number, pages: number): void {
    this.contig.cmaRelease(startPfn, pages);
  }
}

const module: PolicyModule = { manifest: manifest as unknown as PolicyManifest, policy: CmaQuirksPolicy };
export default module;
