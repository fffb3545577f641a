/* Paths and temporary folders shared by the plugin host tests. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'plugins');
export const fixture = (name: string): string => join(FIXTURES, name);
const SDK_BY_PATH = '../../../../src/engine/policy/index.ts';

export function tempDirs(prefix = 'cmawb-plugins-'): { make(): string; copy(fixtureName: string): string; cleanup(): void } {
  const made: string[] = [];
  const make = (): string => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    made.push(d);
    return d;
  };
  return {
    make,
    /**
     * A private copy of a fixture plugin (tests that edit files never touch the
     * repository). Fixtures import the SDK by its repository path so tsc checks
     * them; outside the repository that path breaks, so the copy uses the
     * specifier out-of-tree plugins use.
     */
    copy(fixtureName) {
      const d = join(make(), fixtureName);
      cpSync(fixture(fixtureName), d, { recursive: true });
      for (const f of readdirSync(d).filter((n) => n.endsWith('.ts'))) {
        const p = join(d, f);
        writeFileSync(p, readFileSync(p, 'utf8').replaceAll(`'${SDK_BY_PATH}'`, "'@cmawb/sdk'"));
      }
      return d;
    },
    cleanup() {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}
