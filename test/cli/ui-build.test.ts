/* cmawb serve warns when the built UI predates its sources. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staleUiWarning } from '../../src/cli/ui-build.ts';

describe('staleUiWarning', () => {
  const root = mkdtempSync(join(tmpdir(), 'cmawb-ui-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const file = (rel: string, mtimeS: number) => {
    const p = join(root, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, 'x');
    utimesSync(p, mtimeS, mtimeS);
  };

  it('is silent without a build, and when the build is newer than every source', () => {
    expect(staleUiWarning(root)).toBeNull();
    file('src/renderer/pages/a.tsx', 1000);
    file('src/shared/types.ts', 1000);
    file('out/renderer/index.html', 2000);
    expect(staleUiWarning(root)).toBeNull();
  });

  it('warns when a renderer or shared source changed after the build', () => {
    file('src/renderer/pages/deep/b.tsx', 3000);
    expect(staleUiWarning(root)).toMatch(/older than its sources: run `npm run build`/);
    file('src/renderer/pages/deep/b.tsx', 1500);
    file('src/shared/api.ts', 2500);
    expect(staleUiWarning(root)).not.toBeNull();
  });
});
