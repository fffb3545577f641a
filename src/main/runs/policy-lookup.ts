/*
 * The one place a run finds its policy by name, backed by the plugin host.
 * Two halves, because plugin code may run only in workers:
 *   lookupPolicy  on the manager's (UI) thread: manifest and origin (folder,
 *                 content hash) for the run record; no plugin code runs.
 *   loadPolicy    in the run worker: the same plugin with its code loaded.
 * Both read the sources set with configurePlugins (src/main/plugins/registry.ts),
 * which workers inherit.
 */
import type { PolicyModule } from '../../engine/policy/sdk.ts';
import { describeEntry } from '../plugins/describe.ts';
import { UnknownPolicyError } from '../plugins/host.ts';
import { pluginHost } from '../plugins/registry.ts';

export { UnknownPolicyError };

/** Manifest and origin of policy `name`; its class throws if constructed (the code is not loaded here). */
export function lookupPolicy(name: string): PolicyModule {
  return describeEntry(pluginHost().resolve(name));
}

/** Policy `name` with its code, for a worker about to run it. */
export function loadPolicy(name: string): Promise<PolicyModule> {
  return pluginHost().load(name);
}
