/*
 * How a run names the exact policy code it ran with. The plugin host sets
 * origin.hash over the plugin's files; a module without an origin (the
 * statically imported built-ins) is identified by a hash of its manifest,
 * which at least changes when its version, parameters or defaults change.
 * The folder is recorded beside the hash so a reader can find the code again.
 */
import { createHash } from 'node:crypto';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import type { PolicyRef } from './types.ts';

/** JSON with object keys sorted, so the hash does not depend on key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

export function policyRef(mod: PolicyModule): PolicyRef {
  const hash = mod.origin?.hash ?? 'manifest:' + createHash('sha256').update(stableJson(mod.manifest)).digest('hex');
  return { name: mod.manifest.name, version: mod.manifest.version, hash, dir: mod.origin?.dir ?? null };
}
