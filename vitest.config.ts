import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Plugins import the SDK by its public name, as user plugins do (the plugin host rewrites it too).
  resolve: { alias: { '@cmawb/sdk': fileURLToPath(new URL('./src/engine/policy/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
