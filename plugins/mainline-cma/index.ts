/*
 * Mainline CMA (v6.x): the cma-quirks policy with the mainline-6.x preset's
 * values fixed, listed on its own so comparisons name it plainly.
 */
import {
  IContig,
  IKernel,
  IMemory,
  IPolicyParams,
  inject,
  injectable,
  type PolicyManifest,
  type PolicyModule,
} from '../../src/engine/policy/index.ts';
import { CmaQuirksPolicy } from '../cma-quirks/index.ts';
import quirks from '../cma-quirks/manifest.json' with { type: 'json' };
import manifest from './manifest.json' with { type: 'json' };

const preset = quirks.presets.find((p) => p.name === 'mainline-6.x')!;
const MAINLINE_6X: Record<string, unknown> = {};
for (const spec of quirks.params) MAINLINE_6X[spec.key] = spec.default;
Object.assign(MAINLINE_6X, preset.values);

@injectable()
export class MainlineCmaPolicy extends CmaQuirksPolicy {
  constructor(
    @inject(IPolicyParams) params: IPolicyParams,
    @inject(IMemory) memory: IMemory,
    @inject(IKernel) kernel: IKernel,
    @inject(IContig) contig: IContig,
  ) {
    super({ ...params, ...MAINLINE_6X } as IPolicyParams, memory, kernel, contig);
  }
}

const module: PolicyModule = { manifest: manifest as unknown as PolicyManifest, policy: MainlineCmaPolicy };
export default module;
