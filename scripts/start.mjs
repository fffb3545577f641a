#!/usr/bin/env node
// `npm start`: the desktop app lands in a later issue; until then show the CLI, which works today.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
console.log('CMA Workbench: the desktop app is not built yet (it lands in a later issue); the command line `npx cmawb` works now:\n');
const r = spawnSync(process.execPath, [join(root, 'bin', 'cmawb.mjs'), 'help'], { stdio: 'inherit' });
if (r.error) console.error(`could not run cmawb: ${r.error.message}`);
process.exit(0);
