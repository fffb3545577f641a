/*
 * Loading a plugin's code: re-read and validate its folder, bundle the entry
 * (bundle.ts), import the bundle from a private temporary file, and check
 * what it exports is a policy. This runs plugin code, so only workers call
 * it (run workers, `plugin check`'s validation worker, the load-check worker
 * of `cmawb policies`), never the thread that serves the UI or the CLI.
 *
 * Each load imports a fresh file URL, so an edited plugin gets a new module
 * (Node never re-evaluates a URL it has seen); the old module stays in
 * memory, which is why long-lived threads only ever read manifests.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PolicyManifest } from '../../engine/policy/manifest.ts';
import { IClock, IContig, ICosts, IKernel, IMemory, IMetrics, IPolicyParams, IPool, IRng, type PolicyClass, type PolicyModule } from '../../engine/policy/sdk.ts';
import { bundlePlugin } from './bundle.ts';
import { isUsable, readPluginFolder, type PluginEntry, type PluginSourceKind } from './discover.ts';
import { hashPluginDir } from './hash.ts';
import { SDK_ENTRY } from './paths.ts';
import { PluginError, type PluginProblem } from './problems.ts';
import { pluginFrame } from './stack.ts';

/** The hooks every policy has; the optional ones are checked only when present. */
const REQUIRED_METHODS = ['setup', 'allocContig', 'releaseContig'] as const;
const OPTIONAL_METHODS = ['mayUseRegion', 'onCleanEvict', 'onSwapOut', 'onPoolRelease', 'usefulRegionPages'] as const;
/** The tokens the per-run container provides (src/engine/run.ts buildMachine). */
const SDK_TOKENS: ReadonlyMap<symbol, string> = new Map([
  [IPolicyParams, 'IPolicyParams'],
  [IClock, 'IClock'],
  [IRng, 'IRng'],
  [IMetrics, 'IMetrics'],
  [ICosts, 'ICosts'],
  [IMemory, 'IMemory'],
  [IKernel, 'IKernel'],
  [IContig, 'IContig'],
  [IPool, 'IPool'],
]);
/** tsyringe keeps @inject tokens under this metadata key (tsyringe/src/reflection-helpers.ts). */
const INJECTION_TOKENS_KEY = 'injectionTokens';
/** A folder edited while it loads is re-read until its hash holds still. */
const MAX_ATTEMPTS = 3;

export interface LoadedPlugin {
  entry: PluginEntry;
  module: PolicyModule;
}

/** Load the plugin in `dir`: validate, bundle, import, check. Throws PluginError with every problem found. */
export async function loadPluginFolder(dir: string, source: PluginSourceKind = 'cli', sdkEntry = SDK_ENTRY): Promise<LoadedPlugin> {
  for (let attempt = 1; ; attempt++) {
    const entry = readPluginFolder(dir, source);
    if (!isUsable(entry)) throw new PluginError(entry.name, entry.dir, entry.problems);
    const module = await importPlugin(entry, sdkEntry);
    // The hash must describe the code that was bundled: if the folder changed meanwhile, read it again.
    if (hashPluginDir(entry.dir) === entry.hash || attempt >= MAX_ATTEMPTS) return { entry, module };
  }
}

async function importPlugin(entry: PluginEntry & { manifest: PolicyManifest; entryFile: string }, sdkEntry: string): Promise<PolicyModule> {
  const fail = (problems: PluginProblem[]): never => {
    throw new PluginError(entry.name, entry.dir, problems);
  };
  const tmp = mkdtempSync(join(tmpdir(), 'cmawb-plugin-'));
  let ns: Record<string, unknown>;
  try {
    const outFile = join(tmp, `${entry.name}.mjs`);
    const b = await bundlePlugin(entry.dir, entry.entryFile, outFile, sdkEntry);
    if (!b.ok) return fail(b.problems);
    writeFileSync(outFile, b.code);
    try {
      ns = (await import(pathToFileURL(outFile).href)) as Record<string, unknown>;
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const at = pluginFrame(err.stack, entry.dir);
      return fail([
        {
          phase: 'import',
          file: at?.file ?? entry.entryFile,
          ...(at ? { line: at.line, column: at.column } : {}),
          message: `threw while loading: ${err.message}`,
          ...(err.stack ? { stack: err.stack } : {}),
        },
      ]);
    }
  } finally {
    // Node has read (and source-mapped) the module; the file itself is no longer needed.
    rmSync(tmp, { recursive: true, force: true });
  }
  const { policy, problems } = policyClassOf(ns, entry.manifest, entry.entryFile);
  if (!policy) return fail(problems);
  return { manifest: entry.manifest, policy, origin: { dir: entry.dir, hash: entry.hash } };
}

/** The default export as a policy class: the class itself or a PolicyModule-like { manifest?, policy }. */
export function policyClassOf(ns: Record<string, unknown>, manifest: PolicyManifest, file: string): { policy: PolicyClass | null; problems: PluginProblem[] } {
  const problem = (message: string): { policy: null; problems: PluginProblem[] } => ({ policy: null, problems: [{ phase: 'class', file, message }] });
  const def = ns['default'];
  let cls: unknown;
  if (def === undefined) return problem('no default export: `export default` the policy class, or { manifest, policy }');
  if (typeof def === 'function') cls = def;
  else if (def && typeof def === 'object' && 'policy' in def) {
    cls = (def as { policy: unknown }).policy;
    const m = (def as { manifest?: { name?: unknown; version?: unknown } }).manifest;
    if (m && (m.name !== manifest.name || m.version !== manifest.version)) {
      return problem(`the exported manifest (${String(m.name)} ${String(m.version)}) is not manifest.json (${manifest.name} ${manifest.version}); import manifest.json instead of copying it`);
    }
  } else {
    return problem(`the default export is ${describe(def)}; expected the policy class or a PolicyModule { manifest, policy }`);
  }
  const problems = checkPolicyClass(cls, file);
  return problems.length ? { policy: null, problems } : { policy: cls as PolicyClass, problems };
}

/** Does `cls` implement the Policy interface, and can the per-run container construct it? */
export function checkPolicyClass(cls: unknown, file: string): PluginProblem[] {
  const at = (message: string): PluginProblem => ({ phase: 'class', file, message });
  if (typeof cls !== 'function' || !cls.prototype) return [at(`policy is ${describe(cls)}, not a class`)];
  const name = cls.name || '(anonymous class)';
  const proto = cls.prototype as Record<string, unknown>;
  const out: PluginProblem[] = [];
  const missing = REQUIRED_METHODS.filter((m) => typeof proto[m] !== 'function');
  if (missing.length) out.push(at(`class ${name} does not implement Policy: missing ${missing.map((m) => `${m}()`).join(', ')}`));
  for (const m of OPTIONAL_METHODS) {
    if (m in proto && typeof proto[m] !== 'function') out.push(at(`class ${name}: ${m} must be a method, got ${describe(proto[m])}`));
  }
  // Plugins compile without decorator type metadata, so each constructor parameter needs @inject(TOKEN).
  const tokens = (Reflect.getOwnMetadata(INJECTION_TOKENS_KEY, cls) ?? {}) as Record<string, unknown>;
  for (let i = 0; i < cls.length; i++) {
    const raw = tokens[String(i)];
    // @inject(token) records { token, multiple, isOptional } (tsyringe 4.8+); older versions the bare token.
    const t = raw && typeof raw === 'object' && 'token' in raw ? (raw as { token: unknown }).token : raw;
    if (t === undefined) {
      out.push(at(`class ${name}: constructor parameter #${i + 1} has no @inject(TOKEN); name the service it wants (${[...SDK_TOKENS.values()].join(', ')})`));
    } else if (typeof t !== 'symbol' || !SDK_TOKENS.has(t)) {
      const same = typeof t === 'symbol' && [...SDK_TOKENS.values()].includes(t.description ?? '');
      out.push(
        at(
          same
            ? `class ${name}: constructor parameter #${i + 1} asks for ${String(t)} from a second copy of the SDK; import the SDK only as '@cmawb/sdk'`
            : `class ${name}: constructor parameter #${i + 1} asks for ${describe(t)}, which the run does not provide (tokens: ${[...SDK_TOKENS.values()].join(', ')})`,
        ),
      );
    }
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') return `function ${v.name || '(anonymous)'}`;
  if (typeof v === 'symbol') return String(v);
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object without a policy class';
  return `a ${typeof v} (${JSON.stringify(v)})`;
}
