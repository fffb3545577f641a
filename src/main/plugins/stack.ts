/*
 * Reading JavaScript stacks for plugin errors: which frame is in the plugin's
 * own files (stacks are source-mapped to them, see bundle.ts), so a message
 * can say "mine/index.ts:42:9" and a run failure can be blamed on the plugin
 * rather than the engine.
 */
import { fileURLToPath } from 'node:url';
import { isInside } from './paths.ts';

export interface StackFrame {
  file: string;
  line: number;
  column: number;
}

const FRAME = /(?:\(|at )((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^():]*?):(\d+):(\d+)\)?\s*$/;

export function parseFrames(stack: string): StackFrame[] {
  const out: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    out.push({ file, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

/** The innermost frame inside plugin folder `dir`, if any. */
export function pluginFrame(stack: string | undefined, dir: string): StackFrame | null {
  if (!stack) return null;
  return parseFrames(stack).find((f) => isInside(f.file, dir)) ?? null;
}
