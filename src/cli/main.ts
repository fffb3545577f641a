/*
 * cmawb: the headless command line. Dispatches subcommands, maps errors to
 * exit codes (0 ok, 1 run failed, 2 usage, 130 Ctrl-C, 143 SIGTERM), and builds the real
 * context lazily so `cmawb help` never loads the engine or SQLite.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closest, jsonFailure, wantsJson } from './args.ts';
import { InterruptedError, onSignal, UsageError, type CliContext, type Out } from './context.ts';
import { runCommand } from './commands/run.ts';
import { compareCommand } from './commands/compare.ts';
import { traceCommand } from './commands/trace.ts';
import { scenariosCommand } from './commands/scenarios.ts';
import { policiesCommand } from './commands/policies.ts';
import { pluginCommand, PLUGIN_USAGE } from './commands/plugin.ts';

export const USAGE = [
  'cmawb: simulate contiguous-memory allocation policies page by page',
  '',
  'usage: cmawb <command> [options]',
  '',
  'commands:',
  '  scenarios [--json]             list the built-in scenarios',
  '  policies [--json]              list the policies, their parameters and presets',
  '  run (--scenario NAME | --scenario-file F) --policy NAME [--scenario-set path=v]... [--set k=v]...',
  '      [--seed N] [--json] [--no-baseline] [--no-save] [--db FILE] [--timeout S]',
  '                                 run one simulation (in a worker) and report it',
  '  compare (--scenario NAME | --scenario-file F) --policies a,b [--scenario-set path=v]... [--set p.k=v]...',
  '      [--seeds 1-5] [--sweep p.key=v1,v2 | --scenario-sweep path=v1,v2] [--jobs N] [--json]',
  '      [--no-baseline] [--no-save] [--db FILE] [--timeout S]',
  '                                 run policies on the same scenario and seeds in parallel workers, one table',
  '                                 (run and compare take --contig-trace FILE to replay a device\'s requests)',
  '  trace FILE [--scenario NAME]   read a device\'s cma tracepoint trace; with a scenario, print it replaying the trace',
  '  runs list|show|compare|tag|untag|note|delete|rerun|export|import ...',
  '                                 the run archive (`cmawb help runs`)',
  '  plugin new NAME [--dir DIR]    scaffold a TypeScript policy plugin that works as is',
  '  plugin check PATH|NAME         validate a plugin and run it on the smoke scenario',
  '  serve [--port N] [--host H] [--db FILE]',
  '                                 browser mode: the workbench UI at a local URL with an access token',
  '  help [command]                 this text, or one command\'s options',
  '  --version [--json]             the app, engine and policy SDK versions',
  '',
  'any command: --plugins DIR      also load the plugins in DIR (a plugin folder or a folder of them; repeatable)',
  '',
  'exit codes: 0 ok, 1 the run failed, 2 bad command line or input file, 130 cancelled with Ctrl-C, 143 with SIGTERM',
  '(with --json a failure also prints {"error": MESSAGE, "exitCode": N} on stdout)',
];

const COMMANDS = ['scenarios', 'policies', 'run', 'compare', 'trace', 'runs', 'plugin', 'serve', 'help'];
const HELP_WORDS: readonly (string | undefined)[] = [undefined, 'help', '--help', '-h', '--version', '-V', 'version'];

/** Process stdout/stderr. */
export const consoleOut: Out = {
  log: (line) => process.stdout.write(line + '\n'),
  error: (line) => process.stderr.write(line + '\n'),
};

export async function main(argv: string[], overrides: Partial<CliContext> = {}): Promise<number> {
  const out = overrides.out ?? consoleOut;
  if (out === consoleOut) quietOnClosedPipe();
  const [command, ...rest] = argv;
  try {
    const plugins = takePluginDirs(rest);
    rest.splice(0, rest.length, ...plugins.rest);
    // Every command states its plugin sources (run workers started from here inherit them); help loads nothing.
    if (!HELP_WORDS.includes(command)) (await import('../main/plugins/registry.ts')).configurePlugins({ extraDirs: plugins.dirs });
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return await help(rest[0], out, overrides);
      case '--version':
      case '-V':
      case 'version':
        return await version(out, rest.includes('--json'));
      case 'scenarios':
        return await scenariosCommand(rest, await buildContext(overrides));
      case 'policies': {
        const ctx = await buildContext(overrides, { loadCode: true });
        const code = await policiesCommand(rest, ctx);
        if (code === 0 && !overrides.catalog && !rest.includes('--help') && !rest.includes('-h')) reportBroken(ctx.out, rest.includes('--json'));
        return code;
      }
      case 'plugin':
        return await pluginCommand(rest, out);
      case 'run':
        return await runCommand(rest, await buildContext(overrides));
      case 'compare':
        return await compareCommand(rest, await buildContext(overrides));
      case 'trace':
        return await traceCommand(rest, await buildContext(overrides));
      case 'runs': {
        const { runsCommand } = await import('./commands/runs.ts');
        return await runsCommand(rest, out);
      }
      case 'serve':
        return await (await import('./commands/serve.ts')).serveCommand(rest, out);
      default: {
        const near = closest(command, COMMANDS);
        throw new UsageError(`unknown command "${command}"${near ? ` (did you mean ${near}?)` : ''}; try \`cmawb help\``);
      }
    }
  } catch (e) {
    // --json promised one JSON value on stdout: a failure is one too (the line on stderr stays).
    const json = wantsJson(rest);
    const fail = (message: string, exitCode: number): number => {
      if (json) out.log(jsonFailure(message, exitCode));
      return exitCode;
    };
    if (e instanceof UsageError) {
      out.error(`cmawb: ${e.message}`);
      return fail(e.message, 2);
    }
    if (e instanceof InterruptedError) {
      out.error(`cmawb: ${command}: ${e.message}`);
      return fail(e.message, e.exitCode);
    }
    const message = e instanceof Error ? e.message : String(e);
    out.error(`cmawb: ${command ?? ''}: ${message}`);
    if (process.env['CMAWB_DEBUG'] && e instanceof Error && e.stack) out.error(e.stack);
    return fail(message, 1);
  }
}

let pipeQuieted = false;

/** `cmawb runs list | head` closes stdout early: stop quietly instead of dumping an EPIPE stack. */
function quietOnClosedPipe(): void {
  // A flag, not stdout's listener count: tsx's register() pipes into stdout, which adds an 'error' listener of its own.
  if (pipeQuieted) return;
  pipeQuieted = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

async function help(topic: string | undefined, out: Out, overrides: Partial<CliContext>): Promise<number> {
  if (topic === undefined) {
    USAGE.forEach((l) => out.log(l));
    return 0;
  }
  if (topic === 'runs') {
    const { runsCommand } = await import('./commands/runs.ts');
    return await runsCommand(['--help'], out);
  }
  if (topic === 'plugin') {
    PLUGIN_USAGE.forEach((l) => out.log(l));
    return 0;
  }
  if (topic === 'serve') {
    const { SERVE_USAGE } = await import('./commands/serve.ts');
    SERVE_USAGE.forEach((l) => out.log(l));
    return 0;
  }
  if (topic === 'help') {
    USAGE.forEach((l) => out.log(l));
    return 0;
  }
  const commands: Record<string, (argv: string[], ctx: CliContext) => Promise<number>> = {
    run: runCommand,
    compare: compareCommand,
    trace: traceCommand,
    scenarios: scenariosCommand,
    policies: policiesCommand,
  };
  const cmd = commands[topic];
  if (!cmd) {
    const near = closest(topic, COMMANDS);
    throw new UsageError(`no help for "${topic}"${near ? ` (did you mean ${near}?)` : ''}`);
  }
  // --help returns before the context is used, so a minimal one suffices.
  return cmd(['--help'], { ...(overrides as CliContext), out });
}

/** `cmawb --version`: what a bug report needs (results depend on the engine version). */
async function version(out: Out, json: boolean): Promise<number> {
  const { ENGINE_VERSION } = await import('../engine/version.ts');
  const { SDK_VERSION } = await import('../engine/policy/manifest.ts');
  const { appVersion } = await import('../main/api/services.ts');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const v = { version: appVersion(root), engineVersion: ENGINE_VERSION, sdkVersion: SDK_VERSION, nodeVersion: process.versions.node };
  if (json) out.log(JSON.stringify(v));
  else out.log(`cmawb ${v.version} (engine ${v.engineVersion}, policy SDK ${v.sdkVersion}, Node ${v.nodeVersion})`);
  return 0;
}

/** The real context, each part loaded only when the caller did not inject it. */
export async function buildContext(o: Partial<CliContext>, opts: { loadCode?: boolean } = {}): Promise<CliContext> {
  const out = o.out ?? consoleOut;
  return {
    out,
    progress: o.progress !== undefined ? o.progress : { isTTY: Boolean(process.stderr.isTTY), write: (t) => process.stderr.write(t) },
    catalog: o.catalog ?? (await loadCatalog(opts.loadCode ?? false)),
    openRuns: o.openRuns ?? (async (runOpts) => (await import('./run-service.ts')).openManagerRuns(runOpts, out)),
    onInterrupt: o.onInterrupt ?? onSignal,
    readFile: o.readFile ?? ((p) => readFileSync(p, 'utf8')),
    readBytes: o.readBytes ?? ((p) => readFileSync(p)),
    clock: o.clock ?? (() => performance.now()),
  };
}

/** Plugins the last loadCatalog found unusable, formatted for `cmawb policies`. */
let brokenPlugins: { name: string; dir: string; lines: string[] }[] = [];

/**
 * Scenarios, and the manifests of every plugin of the configured sources:
 * plugin code never loads in this thread (run workers load it for runs).
 * `cmawb policies` (loadCode) also has each plugin's code loaded in a worker
 * (findLoadProblems), to list those that fail to load as broken. Asking for a
 * broken plugin by name is an error that says what is wrong with it.
 */
async function loadCatalog(loadCode: boolean): Promise<CliContext['catalog']> {
  const library = await import('../engine/scenario/library.ts');
  const { pluginHost, PluginError, formatProblem, displayPath, describeEntry, findLoadProblems } = await import('../main/plugins/index.ts');
  const host = pluginHost();
  const broken = host.broken();
  let usable = host.usable();
  if (loadCode) {
    const failed = await findLoadProblems(usable);
    broken.push(...usable.filter((e) => failed.has(e.name)).map((e) => ({ ...e, problems: failed.get(e.name)! })));
    usable = usable.filter((e) => !failed.has(e.name));
  }
  const modules = usable.map(describeEntry);
  brokenPlugins = broken.map((b) => ({ name: b.name, dir: displayPath(b.dir), lines: b.problems.map((p) => formatProblem(p)) }));
  return {
    scenarios: () => library.SCENARIOS,
    findScenario: library.findScenario,
    policies: () => modules.slice(),
    findPolicy: (name) => {
      const found = modules.find((m) => m.manifest.name === name);
      if (found) return found;
      const bad = broken.find((b) => b.name === name);
      if (bad) throw new PluginError(bad.name, bad.dir, bad.problems);
      return undefined;
    },
  };
}

/** `--plugins DIR` (repeatable, anywhere on the line) is for every command, so it is taken out before the command parses its flags. */
export function takePluginDirs(argv: readonly string[]): { dirs: string[]; rest: string[] } {
  const dirs: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    let dir: string | undefined;
    if (a === '--plugins') {
      dir = argv[++i];
      if (dir === undefined || dir.startsWith('--')) throw new UsageError('--plugins needs a folder');
    } else if (a.startsWith('--plugins=')) {
      dir = a.slice('--plugins='.length);
    } else {
      rest.push(a);
      continue;
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--plugins ${dir}: not a folder`);
    dirs.push(dir);
  }
  return { dirs, rest };
}

/** After `cmawb policies`: the plugins that were found but cannot run, each with what is wrong (stderr with --json, so stdout stays one JSON value). */
function reportBroken(out: Out, json: boolean): void {
  if (brokenPlugins.length === 0) return;
  if (json) {
    for (const b of brokenPlugins) for (const line of b.lines) out.error(`cmawb: broken plugin ${b.name} (${b.dir}): ${line}`);
    return;
  }
  out.log('');
  out.log(`broken plugins (not loaded; \`cmawb plugin check DIR\` runs the checks one by one):`);
  for (const b of brokenPlugins) {
    out.log(`  ${b.name}  ${b.dir}`);
    for (const line of b.lines) out.log(`    ${line}`);
  }
}
