/*
 * Three bundles: the Electron main process (+ the run worker), the sandboxed
 * preload, and the React renderer. `npx electron-vite build` writes them to
 * out/; electron-builder packages out/ (build/electron-builder.yml).
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/main/server/csp.ts';

const root = import.meta.dirname;

/**
 * The CSP as a <meta> in the built index.html: Electron loads it from file://,
 * where no response header can carry the policy. Browser mode sends the header
 * too; both apply. 'self' covers the same-origin WebSocket (CSP Level 3); the
 * loopback entries cover browsers that predate it.
 */
function cspMeta(): Plugin {
  const csp = contentSecurityPolicy({ connect: ['ws://127.0.0.1:*', 'ws://localhost:*'] });
  return {
    name: 'cmawb-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: csp }, injectTo: 'head-prepend' }],
  };
}

/**
 * The plugin host finds the SDK entry and the built-in plugins/ folder relative
 * to its own source file (src/main/plugins/paths.ts). In the bundle that file
 * is gone: the SDK is out/main/sdk.js (an entry below, beside every chunk), and
 * plugins/ is two folders up in a checkout (out/main -> the project) or three
 * when packaged (resources/app.asar[.unpacked]/out/main -> resources/plugins,
 * electron-builder extraResources). The build fails if paths.ts stops matching.
 */
function builtPluginPaths(): Plugin {
  const sdk = "new URL('../../engine/policy/index.ts', import.meta.url)";
  const builtin = "new URL('../../../plugins/', import.meta.url)";
  return {
    name: 'cmawb-built-plugin-paths',
    apply: 'build',
    // Before the TypeScript transform, while the source text is as written.
    enforce: 'pre',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('/src/main/plugins/paths.ts')) return null;
      if (!code.includes(sdk) || !code.includes(builtin)) {
        this.error('src/main/plugins/paths.ts no longer locates the SDK and plugins/ as electron.vite.config.ts expects; update builtPluginPaths()');
      }
      const found =
        "[new URL('../../plugins/', import.meta.url), new URL('../../../plugins/', import.meta.url)]" +
        ".find((u) => __cmawbExists(new URL('carveout/manifest.json', u))) ?? new URL('../../plugins/', import.meta.url)";
      return (
        "import { existsSync as __cmawbExists } from 'node:fs';\n" +
        code.replace(sdk, "new URL('./sdk.js', import.meta.url)").replace(builtin, `(${found})`)
      );
    },
  };
}

export default defineConfig({
  main: {
    plugins: [builtPluginPaths()],
    // Built-in plugins import the SDK by its public name, like user plugins.
    resolve: { alias: { '@cmawb/sdk': resolve(root, 'src/engine/policy/index.ts') } },
    build: {
      outDir: 'out/main',
      // Pure-JS dependencies are bundled, so out/main is self-contained apart from native code
      // (better-sqlite3, esbuild's binary), which stays in node_modules (asarUnpack in build/electron-builder.yml).
      // One copy of tsyringe and reflect-metadata in the bundle is also what plugins get through out/main/sdk.js.
      externalizeDeps: { exclude: ['zod', 'tsyringe', 'reflect-metadata'] },
      rollupOptions: {
        // esbuild (the plugin host bundles user plugins with it) runs a native binary: never bundle it. It ships as a dependency of tsx.
        external: ['esbuild'],
        input: {
          index: resolve(root, 'src/main/electron/index.ts'),
          'worker-bootstrap': resolve(root, 'src/main/electron/worker-entry.ts'),
          // The SDK as a module of its own with a stable name: plugin bundles import it by URL and must get
          // the very instance the run worker uses (its service tokens are Symbols).
          sdk: resolve(root, 'src/engine/policy/index.ts'),
        },
        output: {
          format: 'es',
          // The run manager finds its worker as ./worker-bootstrap.mjs beside its own chunk: keep every chunk in out/main.
          entryFileNames: (chunk) => (chunk.name === 'worker-bootstrap' ? '[name].mjs' : '[name].js'),
          chunkFileNames: '[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // Sandboxed preloads run as CommonJS scripts; only 'electron' may be required.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves every bundle unminified by default; the renderer is loaded on every window and page load
      // (and served over HTTP in browser mode), so it is minified (Vite's default minifier, JS and CSS).
      minify: true,
      rollupOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
  },
});
