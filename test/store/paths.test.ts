import { describe, expect, it } from 'vitest';
import { dataDir, resolveDbPath } from '../../src/main/store/paths.ts';

describe('data folder and archive path', () => {
  const home = '/home/ada';
  it('follows the platform conventions', () => {
    expect(resolveDbPath({ env: {}, platform: 'linux', home })).toBe('/home/ada/.local/share/cma-workbench/workbench.db');
    expect(resolveDbPath({ env: { XDG_DATA_HOME: '/data/x' }, platform: 'linux', home })).toBe('/data/x/cma-workbench/workbench.db');
    // A relative XDG_DATA_HOME is invalid per the spec and ignored.
    expect(resolveDbPath({ env: { XDG_DATA_HOME: 'rel' }, platform: 'linux', home })).toBe('/home/ada/.local/share/cma-workbench/workbench.db');
    expect(resolveDbPath({ env: {}, platform: 'darwin', home })).toBe('/home/ada/Library/Application Support/cma-workbench/workbench.db');
    expect(resolveDbPath({ env: { APPDATA: '/c/Users/ada/AppData/Roaming' }, platform: 'win32', home })).toBe(
      '/c/Users/ada/AppData/Roaming/cma-workbench/workbench.db',
    );
  });

  it('--db wins over CMAWB_DB, which wins over the default', () => {
    expect(resolveDbPath({ env: { CMAWB_DB: '/tmp/a.db' }, platform: 'linux', home })).toBe('/tmp/a.db');
    expect(resolveDbPath({ flag: 'b.db', env: { CMAWB_DB: '/tmp/a.db' }, platform: 'linux', home })).toBe('b.db');
  });

  it('the archive lives in the data folder, which CMAWB_DB and --db do not move', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(resolveDbPath({ env: {}, platform, home })).toBe(`${dataDir({ env: {}, platform, home })}/workbench.db`);
    }
    expect(dataDir({ env: { CMAWB_DB: '/tmp/a.db' }, platform: 'linux', home })).toBe('/home/ada/.local/share/cma-workbench');
  });
});
