/*
 * The built-in policies (the plugins/ folder) with their code imported
 * statically, for in-process callers that need a policy synchronously: engine
 * and policy tests, bench and validate scripts. Manifests and origins (folder,
 * content hash) come from the host's scan of plugins/, so these modules are
 * validated and identified exactly as the host would load them. Runs started
 * through the run manager load built-ins through the host in their worker.
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import carveout from '../../../plugins/carveout/index.ts';
import legacyCma from '../../../plugins/legacy-cma/index.ts';
import cmaQuirks from '../../../plugins/cma-quirks/index.ts';
import mainlineCma from '../../../plugins/mainline-cma/index.ts';
import gcma from '../../../plugins/gcma/index.ts';
import { discoverPlugins, isUsable } from './discover.ts';
import { BUILTIN_PLUGINS_DIR } from './paths.ts';
import { PluginError } from './problems.ts';

const STATIC: PolicyModule[] = [carveout, legacyCma, cmaQuirks, mainlineCma, gcma];

let modules: PolicyModule[] | null = null;

function builtins(): PolicyModule[] {
  if (modules) return modules;
  const found = new Map(discoverPlugins([{ dir: BUILTIN_PLUGINS_DIR, kind: 'builtin' }]).map((e) => [e.name, e]));
  modules = STATIC.map((m) => {
    const e = found.get(m.manifest.name);
    if (!e) throw new Error(`built-in policy ${m.manifest.name} has no folder in ${BUILTIN_PLUGINS_DIR}`);
    // A broken built-in is a bug in this repository: fail loudly rather than list it.
    if (!isUsable(e)) throw new PluginError(e.name, e.dir, e.problems);
    return { manifest: e.manifest, policy: m.policy, origin: { dir: e.dir, hash: e.hash } };
  });
  return modules;
}

export function listPolicies(): PolicyModule[] {
  return builtins().slice();
}

export function findPolicy(name: string): PolicyModule | undefined {
  return builtins().find((m) => m.manifest.name === name);
}
