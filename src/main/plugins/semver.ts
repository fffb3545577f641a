/*
 * The small part of semver a plugin manifest needs: versions "x.y.z" (with an
 * optional -prerelease) and ranges made of ^x.y.z, ~x.y.z, >=, >, <=, <, =
 * and exact versions, space-separated comparators all of which must hold
 * (node-semver's AND). No "||", "x" wildcards or hyphen ranges: a manifest
 * names one SDK line, and the error says so rather than guessing.
 */

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: string | null;
}

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): SemVer | null {
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? null };
}

/** -1, 0 or 1; a prerelease sorts before its release (1.0.0-rc.1 < 1.0.0). */
export function compareVersions(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  if (a.pre === b.pre) return 0;
  if (a.pre === null) return 1;
  if (b.pre === null) return -1;
  return a.pre < b.pre ? -1 : 1;
}

type Op = '>=' | '>' | '<=' | '<' | '=';
interface Comparator {
  op: Op;
  v: SemVer;
}

/** Parse a range into comparators; throws an Error saying what is wrong. */
export function parseRange(range: string): Comparator[] {
  const parts = range.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) throw new Error('empty range');
  const out: Comparator[] = [];
  for (const part of parts) {
    if (part.includes('||')) throw new Error(`"||" is not supported (give one range such as ^1.0.0)`);
    const m = /^(\^|~|>=|>|<=|<|=)?(.*)$/.exec(part)!;
    const v = parseVersion(m[2]!);
    if (!v) throw new Error(`"${part}" is not a version or a ^, ~, >=, >, <=, < range of x.y.z`);
    switch (m[1]) {
      case '^':
        // ^1.2.3 := >=1.2.3 <2.0.0; ^0.2.3 := <0.3.0; ^0.0.3 := <0.0.4 (node-semver caret rules).
        out.push({ op: '>=', v });
        out.push({ op: '<', v: v.major > 0 ? ver(v.major + 1, 0, 0) : v.minor > 0 ? ver(0, v.minor + 1, 0) : ver(0, 0, v.patch + 1) });
        break;
      case '~':
        out.push({ op: '>=', v });
        out.push({ op: '<', v: ver(v.major, v.minor + 1, 0) });
        break;
      case undefined:
        out.push({ op: '=', v });
        break;
      default:
        out.push({ op: m[1] as Op, v });
    }
  }
  return out;
}

function ver(major: number, minor: number, patch: number): SemVer {
  // "-0" is the lowest prerelease, so "< 2.0.0-0" also excludes 2.0.0's prereleases, as node-semver does.
  return { major, minor, patch, pre: '0' };
}

/** Does `version` fall in `range`? Throws for a malformed range or version. */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (!v) throw new Error(`"${version}" is not a version x.y.z`);
  return parseRange(range).every(({ op, v: w }) => {
    const c = compareVersions(v, w);
    switch (op) {
      case '>=':
        return c >= 0;
      case '>':
        return c > 0;
      case '<=':
        return c <= 0;
      case '<':
        return c < 0;
      case '=':
        return c === 0;
    }
  });
}
