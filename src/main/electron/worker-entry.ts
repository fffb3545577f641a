/*
 * The run worker as the built app loads it. From source, the run manager
 * starts src/main/runs/worker-bootstrap.mjs, which registers tsx and imports
 * worker.ts; in the bundle there is no TypeScript left, so electron.vite.config.ts
 * emits this entry as out/main/worker-bootstrap.mjs, the file name the
 * run manager asks for next to its own chunk.
 */
// Plugins use tsyringe decorators: the Reflect polyfill must load before any plugin module.
import 'reflect-metadata';
import '../runs/worker.ts';
