/*
 * Real processes against a real file: a writer SIGKILLed mid-run, and two
 * writers sharing one archive (WAL + busy timeout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type WorkbenchStore } from '../../src/main/store/index.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = tempDirs();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  tmp.cleanup();
});

function runTs(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

/** Every completed run has all its rows; no other run has any. */
function expectConsistent(store: WorkbenchStore): void {
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(store.db.pragma('foreign_key_check')).toEqual([]);
  for (const run of store.runs.list()) {
    const reqs = store.db.prepare('SELECT count(*) FROM requests WHERE run_id = ?').pluck().get(run.id) as number;
    if (run.status === 'completed') {
      expect(run.summary).not.toBeNull();
      expect(reqs).toBe(run.summary!.requests.count);
      expect(store.runs.series(run.id)!.t.length).toBeGreaterThan(0);
    } else {
      expect(reqs).toBe(0);
      expect(store.runs.detail.has(run.id)).toBe(false);
      expect(run.summary).toBeNull();
    }
  }
}

describe('crash safety', () => {
  it('kill -9 mid-run: integrity ok, completed runs intact, the killed runs interrupted', async () => {
    const file = join(tmp.make(), 'workbench.db');
    const child = runTs('test/fixtures/store/long-writer.ts', [file]);
    const done = exited(child);
    const running = new Set<number>();
    const completed = new Set<number>();
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout!.on('data', (d) => {
        buf += d;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const [what, id] = buf.slice(0, nl).split(' ');
          buf = buf.slice(nl + 1);
          (what === 'COMPLETED' ? completed : running).add(Number(id));
          if (completed.size === 3) {
            // Kill at a random point of the next big transactions.
            setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, Math.random() * 60);
          }
        }
      });
      child.on('exit', (code) => code !== null && reject(new Error(`writer exited early with ${code}`)));
    });
    const { signal } = await done;
    expect(signal).toBe('SIGKILL');

    const store = openStore(file);
    try {
      expectConsistent(store);
      for (const id of completed) expect(store.runs.statusOf(id)).toBe('completed');
      // Every run the writer left unfinished, printed or not (the kill can land before the print).
      const unfinished = store.runs.list().filter((r) => r.status !== 'completed').map((r) => r.id);
      expect(unfinished).toContain(Math.min(...running)); // the heartbeating one
      for (const id of running) if (!completed.has(id)) expect(['completed', 'interrupted']).toContain(store.runs.statusOf(id));
      for (const id of unfinished) {
        const run = store.runs.mustGet(id);
        expect(run.status).toBe('interrupted');
        expect(run.finishedAt).toBe(run.lastSeen);
        expect(run.error?.message).toMatch(/^interrupted: /);
      }
      expect(new Set(store.recovered)).toEqual(new Set(unfinished));
    } finally {
      store.close();
    }
  });

  it('two processes writing one archive at once lose nothing', async () => {
    const file = join(tmp.make(), 'workbench.db');
    const n = 40;
    const a = runTs('test/fixtures/store/writer.ts', [file, String(n), 'alpha']);
    const b = runTs('test/fixtures/store/writer.ts', [file, String(n), 'beta']);
    const [ra, rb] = await Promise.all([exited(a), exited(b)]);
    expect(ra).toMatchObject({ code: 0, stderr: '' });
    expect(rb).toMatchObject({ code: 0, stderr: '' });

    const store = openStore(file);
    try {
      expectConsistent(store);
      expect(store.runs.count()).toBe(2 * n);
      expect(store.runs.list({ tag: 'alpha', status: 'completed' })).toHaveLength(n);
      expect(store.runs.list({ tag: 'beta', status: 'completed' })).toHaveLength(n);
      expect(store.runs.list({ tag: 'third' })).toHaveLength(2 * Math.ceil(n / 3));
      expect(store.recovered).toEqual([]);
    } finally {
      store.close();
    }
  });
});
