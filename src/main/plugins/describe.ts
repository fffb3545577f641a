/*
 * A plugin as seen from a thread that must not run plugin code: its manifest
 * and origin, shaped as a PolicyModule so run records and forms can use it,
 * with a class that refuses to be constructed (constructing it here would
 * mean the code was needed on the wrong thread).
 */
import type { PolicyClass, PolicyModule } from '../../engine/policy/sdk.ts';
import type { PluginEntry } from './discover.ts';

export function describeEntry(e: PluginEntry): PolicyModule {
  if (!e.manifest) throw new Error(`plugin ${e.name} has no valid manifest`);
  return { manifest: e.manifest, policy: notLoadedHere(e.name), origin: { dir: e.dir, hash: e.hash } };
}

function notLoadedHere(name: string): PolicyClass {
  return class CodeNotLoaded {
    constructor() {
      throw new Error(`policy ${name}: plugin code is loaded only in run workers (loadPolicy), never on this thread`);
    }
  } as unknown as PolicyClass;
}
