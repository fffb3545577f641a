/*
 * The real thing: bin/cmawb.mjs as a child process on a built-in scenario
 * with the real engine and policy. Kept to the smallest scenario (about a
 * second per run).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'cmawb.mjs');

function cmawb(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CMAWB_DB: '/nonexistent/never-written.db' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SUMMARY_KEYS = [
  'scenario',
  'policy',
  'policyVersion',
  'params',
  'seed',
  'engineVersion',
  'resultHash',
  'requests',
  'failures',
  'vmstat',
  'background',
  'region',
  'virtualS',
  'events',
];

describe('cmawb end to end', () => {
  it('run --json prints one RunSummary, the same twice', () => {
    const args = ['run', '--scenario', 'no-swap-pins', '--policy', 'carveout', '--json', '--no-save'];
    const a = cmawb(...args);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const s = JSON.parse(a.stdout);
    expect(Object.keys(s).sort()).toEqual([...SUMMARY_KEYS].sort());
    expect(Object.keys(s.requests).sort()).toEqual(['boundUs', 'bySize', 'count', 'failed', 'latencyUs', 'slowest', 'succeeded']);
    expect(Object.keys(s.requests.latencyUs).sort()).toEqual(['max', 'mean', 'p50', 'p90', 'p99']);
    expect(Object.keys(s.background).sort()).toEqual(['baselineS', 'completionS', 'perWorkload', 'slowdown']);
    expect(s.scenario).toBe('no-swap-pins');
    expect(s.policy).toBe('carveout');
    expect(s.seed).toBe(1);
    expect(s.requests.count).toBeGreaterThan(0);
    const b = cmawb(...args);
    expect(JSON.parse(b.stdout).resultHash).toBe(s.resultHash);
  });

  it('--version names the app, engine and SDK versions', () => {
    const r = cmawb('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cmawb \d+\.\d+\.\d+ \(engine \d+\.\d+\.\d+, policy SDK \d+\.\d+\.\d+, Node \d+/);
  });

  it('a bad flag exits 2 with one line on stderr and nothing on stdout', () => {
    const r = cmawb('run', '--scenario', 'no-swap-pins', '--polcy', 'carveout');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('cmawb: unknown flag --polcy (did you mean --policy?)\n');
  });

  it('Ctrl-C (SIGINT) cancels the running run: it ends cancelled in the archive, exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cmawb-e2e-'));
    const db = join(dir, 'w.db');
    try {
      const child = spawn(process.execPath, [BIN, 'run', '--scenario', 'cubox-rfc-v2', '--policy', 'legacy-cma', '--db', db], { cwd: ROOT });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const status = () => {
        if (!existsSync(db)) return null;
        const conn = new Database(db, { readonly: true, fileMustExist: true });
        try {
          return (conn.prepare('SELECT status FROM runs WHERE id = 1').get() as { status: string } | undefined)?.status ?? null;
        } catch {
          return null; // not migrated yet
        } finally {
          conn.close();
        }
      };
      const t0 = Date.now();
      while (status() !== 'running' && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
      expect(status()).toBe('running');
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr.trim().split('\n').slice(-3)).toEqual(['cmawb: cancelling (Ctrl-C again to stop at once)', expect.stringMatching(/^cubox-rfc-v2\/legacy-cma cancelled after \d/), 'cmawb: run: cancelled (Ctrl-C); run #1 stored as cancelled']);
      expect(status()).toBe('cancelled');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
