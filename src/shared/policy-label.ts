/*
 * What tells runs of one policy's different code apart, for seed-group labels
 * (main) and run labels (renderer) alike.
 */

interface PolicyCode {
  policy: { version: string; hash: string };
}

/**
 * Beside the policy's name: its version when runs of that policy differ in version, and the
 * start of its content hash when runs of one version differ in code ("0.1.0 #1a2b3c4d").
 */
export function policyCodeParts(r: PolicyCode, samePolicy: readonly PolicyCode[]): string[] {
  const out: string[] = [];
  const { version, hash } = r.policy;
  if (samePolicy.some((o) => o.policy.version !== version)) out.push(version);
  if (samePolicy.some((o) => o.policy.version === version && o.policy.hash !== hash)) {
    if (out.length === 0) out.push(version);
    out.push(`#${hash.slice(0, 8)}`);
  }
  return out;
}
