/*
 * A RunManager over the fake runner and an in-memory store, set up and torn
 * down around each test of the file that calls useFakeManager().
 */
import { afterEach, beforeEach } from 'vitest';
import type { RunInput } from '../../src/engine/result.ts';
import { RunManager, type RunManagerOptions } from '../../src/main/runs/index.ts';
import { openStore, type WorkbenchStore } from '../../src/main/store/index.ts';
import { FAKE_POLICY, resolvePolicy } from '../fixtures/store/fake-runner.ts';
import { syntheticScenario } from '../fixtures/store/synthetic.ts';

const RUNNER = new URL('../fixtures/store/fake-runner.ts', import.meta.url);

export interface FakeManagerFixture {
  /** The store of the current test. */
  store(): WorkbenchStore;
  /** A manager (pool of 2) disposed after the test. */
  make(opts?: Partial<RunManagerOptions>): RunManager;
  /** A fake-runner input: mode ok, 300 ms of wall time unless overridden. */
  input(params?: RunInput['params'], seed?: number): RunInput;
}

export function useFakeManager(): FakeManagerFixture {
  let store: WorkbenchStore;
  let manager: RunManager | null = null;
  beforeEach(() => {
    store = openStore(':memory:');
  });
  afterEach(async () => {
    await manager?.dispose();
    manager = null;
    store.close();
  });
  return {
    store: () => store,
    make(opts = {}) {
      manager = new RunManager({ store: store.runs, runnerModule: RUNNER, resolvePolicy, poolSize: 2, log: () => {}, ...opts });
      return manager;
    },
    input(params = {}, seed = 1) {
      return { scenario: syntheticScenario(), policy: FAKE_POLICY.manifest.name, params: { mode: 'ok', wallMs: 300, ...params }, seed };
    },
  };
}
