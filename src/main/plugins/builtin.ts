/*
 * The built-in policy plugins (the plugins/ folder), imported statically until
 * the plugin host discovers folders at run time.
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import carveout from '../../../plugins/carveout/index.ts';
import legacyCma from '../../../plugins/legacy-cma/index.ts';
import cmaQuirks from '../../../plugins/cma-quirks/index.ts';
import mainlineCma from '../../../plugins/mainline-cma/index.ts';
import gcma from '../../../plugins/gcma/index.ts';

const BUILTIN: PolicyModule[] = [carveout, legacyCma, cmaQuirks, mainlineCma, gcma];

export function listPolicies(): PolicyModule[] {
  return BUILTIN.slice();
}

export function findPolicy(name: string): PolicyModule | undefined {
  return BUILTIN.find((m) => m.manifest.name === name);
}
