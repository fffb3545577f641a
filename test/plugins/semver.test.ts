import { describe, expect, it } from 'vitest';
import { compareVersions, parseRange, parseVersion, satisfies } from '../../src/main/plugins/semver.ts';

describe('semver subset for manifest sdk ranges', () => {
  it('parses versions and orders prereleases before releases', () => {
    expect(parseVersion('1.2.3')).toEqual({ major: 1, minor: 2, patch: 3, pre: null });
    expect(parseVersion('1.2')).toBeNull();
    expect(parseVersion('01.2.3')).toBeNull();
    expect(compareVersions(parseVersion('1.0.0-rc.1')!, parseVersion('1.0.0')!)).toBe(-1);
    expect(compareVersions(parseVersion('1.10.0')!, parseVersion('1.9.9')!)).toBe(1);
  });

  it.each([
    ['1.0.0', '^1.0.0', true],
    ['1.9.3', '^1.0.0', true],
    ['2.0.0', '^1.0.0', false],
    ['0.9.0', '^1.0.0', false],
    ['0.2.5', '^0.2.3', true],
    ['0.3.0', '^0.2.3', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.0.0', '>=1.0.0', true],
    ['3.0.0', '>=1.0.0', true],
    ['0.9.9', '>=1.0.0', false],
    ['1.5.0', '>=1.0.0 <2.0.0', true],
    ['2.0.0', '>=1.0.0 <2.0.0', false],
    ['1.0.0', '1.0.0', true],
    ['1.0.1', '1.0.0', false],
    ['1.0.0', '=1.0.0', true],
    ['2.0.0-beta.1', '^1.0.0', false],
  ])('%s in %s: %s', (v, range, expected) => {
    expect(satisfies(v, range)).toBe(expected);
  });

  it('refuses what it does not implement, saying so', () => {
    expect(() => parseRange('^1.0.0 || ^2.0.0')).toThrow(/"\|\|" is not supported/);
    expect(() => parseRange('1.x')).toThrow(/not a version/);
    expect(() => parseRange('  ')).toThrow(/empty range/);
  });
});
