/*
 * cmawb plugin new | check: the authoring loop. `new` scaffolds a working
 * TypeScript plugin; `check` validates one (or a folder of them) and runs the
 * smoke scenario in a worker, printing each step and, for a failure, the file,
 * manifest field or line and the stack. Exit 0 all good, 1 a check failed,
 * 2 bad command line.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type FlagSpecs } from '../args.ts';
import { UsageError, type Out } from '../context.ts';

export const PLUGIN_USAGE = [
  'usage: cmawb plugin new NAME [--dir DIR]',
  '       cmawb plugin check PATH|NAME [--no-smoke] [--timeout S] [--json]',
  '',
  '  new      write a TypeScript plugin NAME into DIR/NAME (default: the user plugin folder,',
  '           $CMAWB_PLUGINS_DIR or <data folder>/plugins) that works as is',
  '  check    validate the plugin folder PATH (or every plugin folder in PATH, or the plugin',
  '           NAME in the user plugin folder), load it and run the smoke scenario in a worker;',
  '           prints what failed and where',
  '',
  '  --dir DIR        where `new` creates the plugin folder',
  '  --no-smoke       `check`: validate and load only',
  '  --timeout S      `check`: wall-clock limit per plugin (default 60)',
  '  --json           `check`: print the reports as JSON',
];

const NEW_FLAGS: FlagSpecs = { dir: 'value', help: 'bool' };
const CHECK_FLAGS: FlagSpecs = { 'no-smoke': 'bool', timeout: 'value', json: 'bool', help: 'bool' };
/** Stack frames shown under a failure; the rest is noise from the engine's call chain. */
const STACK_LINES = 6;

export async function pluginCommand(argv: readonly string[], out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      PLUGIN_USAGE.forEach((l) => out.log(l));
      return 0;
    case 'new':
      return newCommand(rest, out);
    case 'check':
      return checkCommand(rest, out);
    default:
      throw new UsageError(`unknown plugin command "${sub}"; try \`cmawb plugin new NAME\` or \`cmawb plugin check PATH\``);
  }
}

async function newCommand(argv: readonly string[], out: Out): Promise<number> {
  const args = parseArgs(argv, NEW_FLAGS);
  if (args.bools.has('help')) {
    PLUGIN_USAGE.forEach((l) => out.log(l));
    return 0;
  }
  const [name, extra] = args.positionals;
  if (name === undefined) throw new UsageError('plugin new: missing NAME (e.g. cmawb plugin new cma-hysteresis)');
  if (extra !== undefined) throw new UsageError(`plugin new: unexpected argument "${extra}"`);
  const { PLUGIN_NAME } = await import('../../main/plugins/manifest-check.ts');
  if (!PLUGIN_NAME.test(name) || name.length > 40) {
    throw new UsageError(`plugin new: "${name}" is not a plugin name: lower-case letters, digits and single dashes, starting with a letter`);
  }
  // A second plugin of a loaded policy's name is broken as a duplicate, and `--policies a,NAME` could not tell them apart.
  const { pluginHost, displayPath } = await import('../../main/plugins/index.ts');
  const taken = pluginHost().all().find((e) => e.name === name);
  if (taken) {
    const what = taken.source === 'builtin' ? 'a built-in policy' : `the plugin in ${displayPath(taken.dir)}`;
    throw new UsageError(`plugin new: "${name}" is already the name of ${what}; pick another name (\`cmawb policies\` lists the names in use)`);
  }
  const { scaffoldPlugin } = await import('../../main/plugins/scaffold.ts');
  const { userPluginsDir } = await import('../../main/plugins/paths.ts');
  const userDir = userPluginsDir();
  const parent = args.values.get('dir') ?? userDir;
  const target = resolve(parent, name);
  // A folder with files in it is never written over: a usage error, like a taken name.
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new UsageError(`plugin new: ${target} already exists and is not empty; pick another name or --dir`);
  }
  const r = scaffoldPlugin(name, parent);
  out.log(`created plugin ${name} in ${r.dir}`);
  const w = Math.max(...r.files.map((f) => f.name.length));
  for (const f of r.files) out.log(`  ${f.name.padEnd(w)}  ${f.purpose}`);
  const inUserDir = resolve(userDir, name) === r.dir;
  out.log('next:');
  out.log(`  cmawb plugin check ${r.dir}`);
  out.log(`  cmawb compare ${inUserDir ? '' : `--plugins ${r.dir} `}--scenario cubox-rfc-v2 --policies legacy-cma,gcma,${name}`);
  return 0;
}

const isFolder = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

/** A folder as given, else a bare name of a plugin in the user plugin folder (where `plugin new` puts it). */
async function checkTarget(given: string): Promise<string> {
  if (isFolder(given)) return given;
  const { userPluginsDir } = await import('../../main/plugins/paths.ts');
  const userDir = userPluginsDir();
  const named = resolve(userDir, given);
  if (!/[\\/]/.test(given) && isFolder(named)) return named;
  throw new UsageError(`plugin check: ${given} is not a folder, nor a plugin in your user plugin folder ${userDir}`);
}

async function checkCommand(argv: readonly string[], out: Out): Promise<number> {
  const args = parseArgs(argv, CHECK_FLAGS);
  if (args.bools.has('help')) {
    PLUGIN_USAGE.forEach((l) => out.log(l));
    return 0;
  }
  const [given, extra] = args.positionals;
  if (given === undefined) throw new UsageError('plugin check: missing PATH (a plugin folder, a folder of plugin folders, or the name of a plugin in your user plugin folder)');
  if (extra !== undefined) throw new UsageError(`plugin check: unexpected argument "${extra}"`);
  const path = await checkTarget(given);
  let timeoutS = 60;
  const rawTimeout = args.values.get('timeout');
  if (rawTimeout !== undefined) {
    timeoutS = Number(rawTimeout);
    if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UsageError(`--timeout: expected seconds > 0, got "${rawTimeout}"`);
  }
  const plugins = await import('../../main/plugins/index.ts');
  const dirs = plugins.pluginFolders(path);
  if (dirs.length === 0) throw new UsageError(`plugin check: no plugin folders in ${path} (a plugin folder has a manifest.json)`);
  const installed = plugins.pluginHost().all();
  const reports = [];
  for (const dir of dirs) reports.push(await plugins.checkPlugin(dir, { timeoutS, smoke: !args.bools.has('no-smoke'), installed }));
  if (args.bools.has('json')) {
    out.log(JSON.stringify(reports, null, 2));
  } else {
    reports.forEach((r, i) => {
      if (i > 0) out.log('');
      printReport(r, out, plugins.formatProblem, plugins.displayPath);
    });
  }
  return reports.every((r) => r.ok) ? 0 : 1;
}

type Report = Awaited<ReturnType<(typeof import('../../main/plugins/index.ts'))['checkPlugin']>>;
type Problem = Report['steps'][number]['problems'][number];

function printReport(r: Report, out: Out, formatProblem: (p: Problem) => string, displayPath: (p: string) => string): void {
  out.log(`${r.name}  ${displayPath(r.dir)}`);
  for (const w of r.warnings) out.log(`  warning: ${w}`);
  for (const s of r.steps) {
    out.log(`  ${(s.ok ? 'ok' : 'FAIL').padEnd(5)} ${s.step.padEnd(9)} ${s.detail}`);
    for (const p of s.problems) {
      out.log(`        ${formatProblem(p)}`);
      if (p.stack) {
        const frames = p.stack.split('\n').filter((l) => /^\s+at /.test(l));
        for (const f of frames.slice(0, STACK_LINES)) out.log(`          ${f.trim()}`);
        if (frames.length > STACK_LINES) out.log(`          ... ${frames.length - STACK_LINES} more`);
      }
    }
  }
  const n = r.steps.reduce((sum, s) => sum + (s.ok ? 0 : Math.max(1, s.problems.length)), 0);
  out.log(r.ok ? `${r.name}: ok` : `${r.name}: ${n} problem${n === 1 ? '' : 's'}`);
}
