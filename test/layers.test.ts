/*
 * Layers by folder (docs style.md, "In this project" 7): every import in
 * src/ is read (static, type-only, re-exports, side-effect, dynamic import()
 * and require(), comments ignored: TypeScript's own pre-processor does the
 * reading) and checked against what its folder may reach.
 *
 *   src/engine    no src/main, no src/cli, no Electron, SQLite or node:fs
 *                 (it runs in workers, the CLI and, through src/shared, the
 *                 renderer; files and databases are the main process's job)
 *   src/renderer  no src/main, src/preload, src/cli or src/engine, not even
 *                 for types: engine types come through src/shared/types.ts
 *   src/main      no src/cli (the CLI builds on main, never the reverse)
 *   src/shared    no src/main, src/cli, src/renderer, src/preload; no Node
 *                 builtins, Electron or SQLite: every side may load it
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
/** tsconfig "paths" (and the vitest/electron-vite aliases): a bare specifier that is really a file in src/. */
const ALIASES: Record<string, string> = { '@cmawb/sdk': 'src/engine/policy/index.ts' };

interface Import {
  file: string;
  line: number;
  specifier: string;
  /** Repository-relative path (forward slashes) for a relative or aliased specifier; null for a package or builtin. */
  target: string | null;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...filesUnder(rel));
    else if (SOURCE.test(e.name)) out.push(rel);
  }
  return out;
}

function importsOf(file: string, text: string): Import[] {
  const info = ts.preProcessFile(text, true, true);
  const lines = (pos: number) => text.slice(0, pos).split('\n').length;
  return info.importedFiles.map((f) => {
    const s = f.fileName;
    let target: string | null = null;
    if (s.startsWith('.')) target = relative(ROOT, resolve(ROOT, dirname(file), s)).split(sep).join('/');
    else if (ALIASES[s]) target = ALIASES[s]!;
    return { file, line: lines(f.pos), specifier: s, target };
  });
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNodeFs = (s: string) => /^(node:)?fs(\/|$)/.test(s);
const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');
const isSqlite = (s: string) => s === 'better-sqlite3';
const under = (target: string | null, folder: string) => target !== null && (target === folder || target.startsWith(folder + '/'));

interface Rule {
  layer: string;
  /** Why an import is refused, or null when it is fine. */
  check(i: Import): string | null;
}

const RULES: Rule[] = [
  {
    layer: 'src/engine',
    check(i) {
      for (const f of ['src/main', 'src/cli']) if (under(i.target, f)) return `the engine must not import ${f}`;
      if (isElectron(i.specifier)) return 'the engine must not import Electron';
      if (isSqlite(i.specifier)) return 'the engine must not import SQLite';
      if (isNodeFs(i.specifier)) return 'the engine must not touch the file system';
      return null;
    },
  },
  {
    layer: 'src/renderer',
    check(i) {
      for (const f of ['src/main', 'src/preload', 'src/cli']) if (under(i.target, f)) return `the renderer must not import ${f}`;
      if (under(i.target, 'src/engine')) return 'the renderer must not import src/engine (types too: take them from src/shared/types.ts)';
      return null;
    },
  },
  {
    layer: 'src/main',
    check: (i) => (under(i.target, 'src/cli') ? 'src/main must not import src/cli (move what both need to src/shared or src/main)' : null),
  },
  {
    layer: 'src/shared',
    check(i) {
      for (const f of ['src/main', 'src/cli', 'src/renderer', 'src/preload']) if (under(i.target, f)) return `src/shared must not import ${f}`;
      if (NODE_BUILTINS.has(i.specifier) || i.specifier.startsWith('node:')) return 'src/shared must not import Node builtins';
      if (isElectron(i.specifier) || isSqlite(i.specifier)) return 'src/shared must not import Electron or SQLite';
      return null;
    },
  },
];

function violations(files: { file: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    for (const rule of RULES) {
      if (!file.startsWith(rule.layer + '/')) continue;
      for (const i of importsOf(file, text)) {
        const why = rule.check(i);
        if (why) out.push(`${file}:${i.line}: imports '${i.specifier}': ${why}`);
      }
    }
  }
  return out;
}

describe('layers by folder', () => {
  const files = filesUnder('src').map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

  it('no folder imports what its layer may not reach', () => {
    expect(violations(files)).toEqual([]);
  });

  it('actually reads the imports (the check is not vacuous)', () => {
    for (const rule of RULES) expect(files.filter((f) => f.file.startsWith(rule.layer + '/')).length, rule.layer).toBeGreaterThan(3);
    const all = files.flatMap((f) => importsOf(f.file, f.text));
    expect(all.length).toBeGreaterThan(300);
    // Known edges of each kind resolve to repository paths.
    expect(all).toContainEqual(expect.objectContaining({ file: 'src/main/plugins/paths.ts', target: 'src/main/store/paths.ts' }));
    expect(all).toContainEqual(expect.objectContaining({ file: 'src/main/runs/worker.ts', target: 'src/engine/run.ts' }));
    expect(all.some((i) => i.file.startsWith('src/renderer/') && under(i.target, 'src/shared'))).toBe(true);
  });

  it('catches every form of import, and ignores comments and strings', () => {
    const text = [
      "import type { RunSummary } from '../../engine/result.ts';",
      "import {",
      "  openStore,",
      "} from '../../main/store/index.ts';",
      "export { x } from '../../preload/index.ts';",
      "import '../../cli/main.ts';",
      "const m = await import('../../main/api/index.ts');",
      "// import { nope } from '../../main/nope.ts';",
      "const s = \"import { no } from '../../main/no.ts'\";",
      "import { RunStore } from '@cmawb/sdk';",
    ].join('\n');
    const found = violations([{ file: 'src/renderer/lib/x.ts', text }]);
    expect(found.map((v) => v.replace(/^.*?imports /, ''))).toEqual([
      "'../../engine/result.ts': the renderer must not import src/engine (types too: take them from src/shared/types.ts)",
      "'../../main/store/index.ts': the renderer must not import src/main",
      "'../../preload/index.ts': the renderer must not import src/preload",
      "'../../cli/main.ts': the renderer must not import src/cli",
      "'../../main/api/index.ts': the renderer must not import src/main",
      "'@cmawb/sdk': the renderer must not import src/engine (types too: take them from src/shared/types.ts)",
    ]);
    expect(found[1]).toMatch(/^src\/renderer\/lib\/x\.ts:4: /);

    const engine = violations([
      {
        file: 'src/engine/mm/x.ts',
        text: "import { readFileSync } from 'node:fs';\nimport { promises } from 'fs';\nimport { app } from 'electron';\nimport Database from 'better-sqlite3';\nconst r = require('../../cli/table.ts');\nimport { hostname } from 'node:os';",
      },
    ]);
    expect(engine).toHaveLength(5);
    expect(violations([{ file: 'src/main/api/x.ts', text: "import { renderTable } from '../../cli/table.ts';" }])).toHaveLength(1);
    expect(violations([{ file: 'src/shared/x.ts', text: "import { join } from 'node:path';\nimport { EventEmitter } from 'events';" }])).toHaveLength(2);
  });
});
