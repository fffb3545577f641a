/*
 * Browser end-to-end harness: build the renderer with Vite into a temp
 * folder, start browser mode in this process on a temporary archive (the
 * same startBrowserMode `cmawb serve` uses), and drive Debian's Chromium
 * with playwright-core. Never downloads a browser: /usr/bin/chromium (or
 * $CHROMIUM_PATH) must exist; .ci/run installs it when missing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserMode, type BrowserMode } from '../../src/main/server/browser-mode.ts';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const RESULTS = join(ROOT, 'test-results');
export const SCREENSHOTS = join(RESULTS, 'screenshots');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** Vite production build of src/renderer (the same root and plugin as electron.vite.config.ts). */
export async function buildRenderer(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  // vitest sets NODE_ENV=test, which would bundle React's development build.
  const env = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
    configFile: false,
    root: join(ROOT, 'src/renderer'),
    base: './',
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
    });
  } finally {
    if (env === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = env;
  }
}

export interface App {
  mode: BrowserMode;
  url: string;
  origin: string;
  token: string;
  dir: string;
  close(): Promise<void>;
}

/** Browser mode over a fresh archive in a temp folder, serving `staticDir`. */
export async function startApp(staticDir: string, opts: { poolSize?: number } = {}): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'cmawb-e2e-'));
  const mode = await startBrowserMode({
    appRoot: ROOT,
    staticDir,
    dbPath: join(dir, 'workbench.db'),
    port: 0,
    runManager: { poolSize: opts.poolSize ?? 2, progressIntervalMs: 100 },
    log: () => {},
  });
  const u = new URL(mode.url);
  return {
    mode,
    url: mode.url,
    origin: u.origin,
    token: u.searchParams.get('token') ?? '',
    dir,
    async close() {
      await mode.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export function tempBuildDir(): string {
  return mkdtempSync(join(tmpdir(), 'cmawb-renderer-'));
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // Sticky parts (nav, start bar) would land mid-page in a full-page capture of a scrolled page.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  // Transient toasts would cover whatever is under them in every later capture.
  await page.evaluate(() => document.querySelectorAll('.toast').forEach((t) => ((t as HTMLElement).style.display = 'none')));
  // Let uPlot and the map settle after layout changes.
  await page.waitForTimeout(150);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Call the API directly (setup and assertions), with the token as header. */
export async function api<T>(app: App, method: string, input?: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cmawb-token': app.token },
    body: JSON.stringify(input ?? null),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value as T;
}

/**
 * Pixels of a canvas that are drawn (alpha > 0) and how many of them are
 * close to each given colour: "the CDF has its line", "the map has anon".
 */
export async function canvasStats(page: Page, selector: string, colours: string[] = []): Promise<{ width: number; height: number; drawn: number; distinct: number; matches: number[] }> {
  return page.$eval(
    selector,
    (el, cols) => {
      const c = el as HTMLCanvasElement;
      const ctx = c.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const rgb = cols.map((h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]);
      const matches = rgb.map(() => 0);
      const seen = new Set<number>();
      let drawn = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! === 0) continue;
        drawn++;
        seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        rgb.forEach((k, j) => {
          if (Math.abs(data[i]! - k[0]!) + Math.abs(data[i + 1]! - k[1]!) + Math.abs(data[i + 2]! - k[2]!) < 24) matches[j]!++;
        });
      }
      return { width: c.width, height: c.height, drawn, distinct: seen.size, matches };
    },
    colours,
  );
}
