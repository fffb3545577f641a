/*
 * `cmawb plugin new`: a TypeScript plugin that works before the author has
 * changed a line, so every later failure is theirs to read, not the
 * template's. It is mainline-6.x CMA (CMA-first above a threshold, movable
 * allocations only, cma_alloc with an optional fail-fast pass): close to what
 * most custom policies start from, and every hook the author is likely to
 * touch is spelled out with the services it needs.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SDK_VERSION } from '../../engine/policy/manifest.ts';
import { PLUGIN_NAME } from './manifest-check.ts';
import { SDK_ENTRY } from './paths.ts';

export interface ScaffoldResult {
  dir: string;
  files: { name: string; purpose: string }[];
}

/** "cma-hysteresis" -> "CmaHysteresis". */
export function className(name: string): string {
  return name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Write the plugin folder `<parent>/<name>`; refuses a non-empty folder. */
export function scaffoldPlugin(name: string, parent: string, sdkEntry = SDK_ENTRY): ScaffoldResult {
  if (!PLUGIN_NAME.test(name) || name.length > 40) {
    throw new Error(`"${name}" is not a plugin name: lower-case letters, digits and single dashes, starting with a letter (e.g. cma-hysteresis)`);
  }
  const dir = resolve(parent, name);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} already exists and is not empty; pick another name or --dir`);
  mkdirSync(dir, { recursive: true });
  const files = [
    { name: 'manifest.json', purpose: 'name, version, SDK range, parameters and presets', text: manifestJson(name) },
    { name: 'index.ts', purpose: 'the policy class', text: indexTs(name) },
    { name: 'README.md', purpose: 'how to check, compare and test it', text: readme(name, dir) },
    { name: `${name}.test.ts`, purpose: "a vitest test; copy it into the workbench's test/ folder", text: testTs(name, dir) },
    { name: 'tsconfig.json', purpose: 'editor support: @cmawb/sdk resolves to this workbench', text: tsconfig(sdkEntry) },
  ];
  for (const f of files) writeFileSync(join(dir, f.name), f.text);
  return { dir, files: files.map(({ name: n, purpose }) => ({ name: n, purpose })) };
}

function manifestJson(name: string): string {
  const m = {
    name,
    version: '0.1.0',
    description: `${name}: MIGRATE_CMA as in Linux 6.x (CMA-first above a threshold, movable allocations only), cma_alloc with an optional fail-fast pass. A starting point: edit index.ts.`,
    sdk: `^${SDK_VERSION}`,
    entry: 'index.ts',
    params: [
      {
        key: 'cmaFirstThreshold',
        type: 'number',
        default: 0.5,
        min: 0,
        max: 1,
        description: 'Movable allocations take CMA pages first while free CMA exceeds this fraction of free memory (v5.8, commit 16867664936e).',
      },
      { key: 'failFast', type: 'boolean', default: false, description: 'One migration pass per candidate range: give up on a blocked range quickly.' },
    ],
    presets: [{ name: 'fail-fast', models: 'The 2021 fail-fast cma_alloc proposal (async migration, one pass)', values: { failFast: true } }],
  };
  return JSON.stringify(m, null, 2) + '\n';
}

function indexTs(name: string): string {
  const cls = `${className(name)}Policy`;
  return `/*
 * ${name}: a contiguous-memory allocation policy for CMA Workbench.
 *
 * The engine calls the hooks below; the policy acts only through the services
 * it asks for in its constructor (each charges the virtual time the platform
 * profile says the operation costs). See docs/plugins.md for every hook,
 * service and cost.
 */
import {
  IContig,
  IKernel,
  IMemory,
  IPolicyParams,
  inject,
  injectable,
  type AllocIntent,
  type ContigRecord,
  type ContigRequest,
  type ContigTask,
  type Policy,
} from '@cmawb/sdk';

@injectable()
export class ${cls} implements Policy {
  constructor(
    @inject(IPolicyParams) private readonly params: IPolicyParams,
    @inject(IMemory) private readonly memory: IMemory,
    @inject(IKernel) private readonly kernel: IKernel,
    @inject(IContig) private readonly contig: IContig,
  ) {}

  /** Once, before the workload starts: reserve the region and set the kernel switches. */
  setup(): void {
    this.memory.reserveRegion(Number(this.params['regionPages']), 'cma');
    this.kernel.set({
      cmaPcp: 'movable',
      cmaFirstThreshold: Number(this.params['cmaFirstThreshold']),
      pageCacheInCma: true,
      aioRingMigratable: true,
      longtermPinMigrate: true,
      lruCacheDisableDuringContig: true,
      bhLruInvalidateDuringContig: true,
    });
  }

  /**
   * Every page allocation that could use the region asks here (ALLOC_CMA): keep it cheap.
   * This hook replaces the engine's rule; allowedBySwitches keeps pageCacheInCma and
   * cmaAllowedSources (set above) in force. Add your own conditions around it.
   */
  mayUseRegion(intent: AllocIntent): boolean {
    return this.kernel.allowedBySwitches(intent);
  }

  /** A device asks for req.pages contiguous pages: cma_alloc over the region's bitmap. */
  allocContig(req: ContigRequest, rec: ContigRecord): ContigTask {
    return this.contig.cmaAlloc(req, rec, { failFast: this.params['failFast'] === true });
  }

  releaseContig(startPfn: number, pages: number): void {
    this.contig.cmaRelease(startPfn, pages);
  }
}

export default ${cls};
`;
}

function readme(name: string, dir: string): string {
  return `# ${name}

A policy plugin for CMA Workbench, created by \`cmawb plugin new\`.

| file | what |
| --- | --- |
| manifest.json | name, version, the SDK range it targets, parameters (types, defaults, ranges) and presets |
| index.ts | the policy class; imports only \`@cmawb/sdk\` and files in this folder |
| ${name}.test.ts | a vitest test that runs the policy on the smoke scenario |
| tsconfig.json | lets your editor resolve \`@cmawb/sdk\`; not used when the plugin loads |

The workbench transpiles index.ts when it loads the plugin: there is no build step.

## Check it

    cmawb plugin check ${dir}

validates the manifest, loads the code and runs the smoke scenario in a worker
(with the invariant checker on), and says what failed and where.

## Compare it with the built-ins

    cmawb compare --plugins ${dir} --scenario cubox-rfc-v2 --policies legacy-cma,gcma,${name}

(plugins in the workbench's user plugin folder need no \`--plugins\`). Parameters:
\`--set ${name}.failFast=true\` or \`--set ${name}.preset=fail-fast\`;
\`--sweep ${name}.cmaFirstThreshold=0.25,0.5,0.75\` runs one row per value.

## Test it

Copy ${name}.test.ts into the workbench's \`test/\` folder and run
\`npx vitest run test/${name}.test.ts\`.

## Trust

A plugin is code that runs with your rights, like an editor extension. Each
run records this folder and a hash of its files, so results trace back to the
exact code.
`;
}

function testTs(name: string, dir: string): string {
  return `/*
 * ${name} on the workbench's smoke scenario. Copy this file into the
 * workbench's test/ folder and run: npx vitest run test/${name}.test.ts
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../src/engine/run.ts';
import { loadPluginFolder, SMOKE_SCENARIO, smokeVariants } from '../src/main/plugins/index.ts';

/** Where \`cmawb plugin new\` wrote the plugin; CMAWB_PLUGIN_UNDER_TEST points elsewhere. */
const PLUGIN_DIR = process.env['CMAWB_PLUGIN_UNDER_TEST'] ?? ${JSON.stringify(dir)};

describe(${JSON.stringify(name)}, () => {
  it('serves contiguous requests with the invariant checker on, deterministically', async () => {
    const { module } = await loadPluginFolder(PLUGIN_DIR);
    const input = { scenario: SMOKE_SCENARIO, policy: module.manifest.name, params: {}, seed: 1, options: { checkInvariants: true, baseline: false } };
    const a = runSimulation(input, module);
    expect(a.summary.requests.count).toBeGreaterThan(0);
    expect(a.summary.requests.succeeded).toBeGreaterThan(0);
    expect(runSimulation(input, module).summary.resultHash).toBe(a.summary.resultHash);
  }, 60_000);

  it('runs on zram swap and with every preset', async () => {
    const { module } = await loadPluginFolder(PLUGIN_DIR);
    for (const v of smokeVariants(module)) {
      const r = runSimulation({ scenario: v.scenario ?? SMOKE_SCENARIO, policy: module.manifest.name, params: v.params, seed: 1, options: { baseline: false } }, module);
      expect(r.summary.requests.count, v.label).toBeGreaterThan(0);
    }
  }, 60_000);
});
`;
}

function tsconfig(sdkEntry: string): string {
  const c = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      experimentalDecorators: true,
      allowImportingTsExtensions: true,
      resolveJsonModule: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
      paths: { '@cmawb/sdk': [sdkEntry] },
    },
    include: ['*.ts'],
    exclude: ['*.test.ts'],
  };
  return JSON.stringify(c, null, 2) + '\n';
}
