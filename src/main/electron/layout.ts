/*
 * Where the Electron app finds its parts, as a pure function of a few facts
 * (packaged or not, app folder, resources folder, the main bundle's folder),
 * so the rules are tested without Electron.
 *
 * better-sqlite3 is a native addon built for one ABI. node_modules holds the
 * Node build (CLI, tests, browser mode). Packaged, electron-builder rebuilds
 * node_modules for Electron, so the default binding is right. Unpackaged
 * (`npm start` from a checkout), Electron needs its own build beside it:
 * build/native/electron/better_sqlite3.node, made by `npm run rebuild:electron`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RendererOrigin } from './security.ts';

export const ELECTRON_NATIVE_BINDING = join('build', 'native', 'electron', 'better_sqlite3.node');

export interface LayoutFacts {
  packaged: boolean;
  /** app.getAppPath(): the project folder, or resources/app.asar. */
  appPath: string;
  /** process.resourcesPath (packaged: docs/ and plugins/ are here, electron-builder extraResources). */
  resourcesPath: string;
  /** Folder of the built main bundle (out/main). */
  mainDir: string;
  /** ELECTRON_RENDERER_URL: electron-vite's dev server, in `electron-vite dev` only. */
  devServerUrl?: string | undefined;
  exists?: (p: string) => boolean;
}

export interface Layout {
  appRoot: string;
  resourcesRoot: string;
  preload: string;
  renderer: RendererOrigin;
  /** What to load in the window. */
  rendererEntry: { url: string } | { file: string };
  /** undefined: better-sqlite3's own binary is right (packaged app). */
  nativeBinding: string | undefined;
}

export class NativeBindingMissing extends Error {
  constructor(readonly path: string) {
    super(
      `better-sqlite3 has no Electron build at ${path}. Run \`npm run rebuild:electron\` once (it needs the internet), ` +
        'or use browser mode: `npm run serve`.',
    );
    this.name = 'NativeBindingMissing';
  }
}

export function appLayout(f: LayoutFacts): Layout {
  const exists = f.exists ?? existsSync;
  const rendererDir = join(f.mainDir, '..', 'renderer');
  const dev = !f.packaged && f.devServerUrl ? f.devServerUrl : undefined;
  let nativeBinding: string | undefined;
  if (!f.packaged) {
    nativeBinding = join(f.appPath, ELECTRON_NATIVE_BINDING);
    if (!exists(nativeBinding)) throw new NativeBindingMissing(nativeBinding);
  }
  return {
    appRoot: f.appPath,
    resourcesRoot: f.packaged ? f.resourcesPath : f.appPath,
    // Sandboxed preloads must be CommonJS (electron.vite.config.ts builds index.cjs).
    preload: join(f.mainDir, '..', 'preload', 'index.cjs'),
    renderer: dev ? { kind: 'dev', origin: new URL(dev).origin } : { kind: 'file', dir: rendererDir },
    rendererEntry: dev ? { url: dev } : { file: join(rendererDir, 'index.html') },
    nativeBinding,
  };
}
