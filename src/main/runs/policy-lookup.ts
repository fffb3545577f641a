/*
 * The one place a run finds its policy by name. Today the statically imported
 * built-ins; the plugin host (a later issue) replaces this function, in the
 * manager and in the worker alike.
 */
// Plugins use tsyringe decorators, which need the Reflect polyfill loaded before any plugin module.
import 'reflect-metadata';
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import { findPolicy, listPolicies } from '../plugins/builtin.ts';

export class UnknownPolicyError extends Error {
  constructor(name: string) {
    const known = listPolicies().map((m) => m.manifest.name);
    super(`unknown policy "${name}" (available: ${known.length ? known.join(', ') : 'none'})`);
    this.name = 'UnknownPolicyError';
  }
}

export function lookupPolicy(name: string): PolicyModule {
  const mod = findPolicy(name);
  if (!mod) throw new UnknownPolicyError(name);
  return mod;
}
