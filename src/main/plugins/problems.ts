/*
 * What went wrong with a plugin, precisely enough to fix it: the file, the
 * manifest field or source line, and the phase (manifest, import, class,
 * runtime). One plugin's problems never stop another plugin from loading.
 */
import { displayPath } from './paths.ts';

export type ProblemPhase = 'discover' | 'manifest' | 'duplicate' | 'import' | 'class' | 'runtime';

export interface PluginProblem {
  phase: ProblemPhase;
  /** Absolute path of the file at fault (manifest.json, a source file), or the plugin folder. */
  file: string;
  /** Manifest field path ("params.level.default") when the problem is in the manifest. */
  field?: string;
  line?: number;
  column?: number;
  message: string;
  /** JavaScript stack (import-time or runtime errors), source-mapped to the plugin's files. */
  stack?: string;
}

/** "plugins/foo/manifest.json: params.level.default: 5 is above max 1", "mine/index.ts:12:5: ...". */
export function formatProblem(p: PluginProblem, cwd?: string): string {
  const loc = p.line !== undefined ? `:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : '';
  return `${displayPath(p.file, cwd)}${loc}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** Thrown when a plugin cannot be used; carries every problem found. */
export class PluginError extends Error {
  constructor(
    readonly plugin: string,
    readonly dir: string,
    readonly problems: readonly PluginProblem[],
  ) {
    super(`plugin ${plugin} (${displayPath(dir)}): ${problems.map((p) => formatProblem(p)).join('; ')}`);
    this.name = 'PluginError';
    const withStack = problems.find((p) => p.stack);
    if (withStack?.stack) this.stack = withStack.stack;
  }
}

/** Line and column of a character offset (JSON.parse reports positions). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}
