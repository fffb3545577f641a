/*
 * Turning a plugin's entry file into one ES module the host can import:
 * esbuild bundles the plugin's own files (TypeScript transpiled, JavaScript
 * passed through, JSON inlined) and leaves the SDK as an import of the SDK
 * entry's absolute URL. That rewrite is what lets a plugin outside this
 * repository write `import ... from '@cmawb/sdk'`, and keeps one copy of the
 * SDK (its tokens are Symbols: a second copy would inject nothing).
 *
 * The import rule (SDK, own folder, JSON; nothing else) is checked here while
 * resolving, so a violation is reported at its file:line. It keeps plugins
 * portable and off engine internals; it is not a sandbox (plugins are trusted
 * code, docs/plugins.md).
 */
import { build, type BuildFailure, type Message, type Plugin } from 'esbuild';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isInside, SDK_ENTRY, SDK_SPECIFIERS } from './paths.ts';
import type { PluginProblem } from './problems.ts';

export interface BundleOk {
  ok: true;
  code: string;
  /** Absolute paths of the plugin files bundled. */
  inputs: string[];
}
export type BundleResult = BundleOk | { ok: false; problems: PluginProblem[] };

const RULE = 'plugins import only the SDK (@cmawb/sdk), files in their own folder and JSON';

/** Resolver enforcing the import rule; `dir` is the plugin folder. */
function importRule(dir: string, sdkEntry: string): Plugin {
  const sdkUrl = pathToFileURL(sdkEntry).href;
  return {
    name: 'cmawb-plugin-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || (args.pluginData as { inner?: boolean } | undefined)?.inner) return undefined;
        if (SDK_SPECIFIERS.includes(args.path)) return { path: sdkUrl, external: true };
        const relative = args.path.startsWith('.') || args.path.startsWith('/');
        if (!relative) {
          const hint = args.path === 'tsyringe' ? ' (inject and injectable come from the SDK)' : '';
          return { errors: [{ text: `import "${args.path}" is not allowed: ${RULE}${hint}` }] };
        }
        const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: { inner: true } });
        if (r.errors.length > 0) return { errors: r.errors };
        if (resolve(r.path) === sdkEntry) return { path: sdkUrl, external: true };
        if (!isInside(r.path, dir)) {
          return { errors: [{ text: `import "${args.path}" reaches outside the plugin folder (${r.path}): ${RULE}` }] };
        }
        return { path: r.path };
      });
    },
  };
}

/**
 * Bundle `entryFile` of plugin folder `dir` for import from `outFile`
 * (source map paths are relative to it, so stacks point at the plugin's files).
 */
export async function bundlePlugin(dir: string, entryFile: string, outFile: string, sdkEntry = SDK_ENTRY): Promise<BundleResult> {
  try {
    const r = await build({
      entryPoints: [entryFile],
      absWorkingDir: dir,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: outFile,
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      // The plugin's own tsconfig.json (if any, e.g. for editor paths) must not change how it compiles.
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: true } },
      plugins: [importRule(dir, sdkEntry)],
    });
    const code = r.outputFiles[0]!.text;
    const inputs = Object.keys(r.metafile.inputs).map((p) => resolve(dir, p));
    return { ok: true, code, inputs };
  } catch (e) {
    const failure = e as Partial<BuildFailure>;
    if (!Array.isArray(failure.errors)) throw e;
    return { ok: false, problems: failure.errors.map((m) => toProblem(dir, entryFile, m)) };
  }
}

function toProblem(dir: string, entryFile: string, m: Message): PluginProblem {
  const loc = m.location;
  if (!loc) return { phase: 'import', file: entryFile, message: m.text };
  // esbuild columns are 0-based; editors and compilers count from 1.
  return { phase: 'import', file: resolve(dir, loc.file), line: loc.line, column: loc.column + 1, message: m.text };
}
