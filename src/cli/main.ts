/*
 * cmawb: the headless command line. Dispatches subcommands, maps errors to
 * exit codes (0 ok, 1 run failed, 2 usage), and builds the real context
 * lazily so `cmawb help` never loads the engine or SQLite.
 */
import { readFileSync } from 'node:fs';
import { closest } from './args.ts';
import { UsageError, type CliContext, type Out } from './context.ts';
import { runCommand, saveToArchive } from './commands/run.ts';
import { compareCommand } from './commands/compare.ts';
import { scenariosCommand } from './commands/scenarios.ts';
import { policiesCommand } from './commands/policies.ts';

export const USAGE = [
  'cmawb: simulate contiguous-memory allocation policies page by page',
  '',
  'usage: cmawb <command> [options]',
  '',
  'commands:',
  '  scenarios [--json]             list the built-in scenarios',
  '  policies [--json]              list the policies, their parameters and presets',
  '  run --scenario NAME --policy NAME [--set k=v]... [--seed N] [--json] [--no-save]',
  '                                 run one simulation and report it',
  '  compare --scenario NAME --policies a,b [--seeds 1-5] [--sweep p.key=v1,v2] [--json]',
  '                                 run policies on the same scenario and seeds, one table',
  '  runs ...                       list, show, tag, export and import archived runs',
  '  serve [--port N] [--db FILE]   browser mode: the workbench UI at a local URL with an access token',
  '  help [command]                 this text, or one command\'s options',
  '',
  'exit codes: 0 ok, 1 the run failed, 2 bad command line',
];

const COMMANDS = ['scenarios', 'policies', 'run', 'compare', 'runs', 'serve', 'help'];

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
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return await help(rest[0], out, overrides);
      case 'scenarios':
        return await scenariosCommand(rest, await buildContext(overrides));
      case 'policies':
        return await policiesCommand(rest, await buildContext(overrides));
      case 'run':
        return await runCommand(rest, await buildContext(overrides));
      case 'compare':
        return await compareCommand(rest, await buildContext(overrides));
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
    if (e instanceof UsageError) {
      out.error(`cmawb: ${e.message}`);
      return 2;
    }
    out.error(`cmawb: ${command ?? ''}: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env['CMAWB_DEBUG'] && e instanceof Error && e.stack) out.error(e.stack);
    return 1;
  }
}

/** `cmawb runs list | head` closes stdout early: stop quietly instead of dumping an EPIPE stack. */
function quietOnClosedPipe(): void {
  if (process.stdout.listenerCount('error') > 0) return;
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
  const commands: Record<string, (argv: string[], ctx: CliContext) => Promise<number>> = {
    run: runCommand,
    compare: compareCommand,
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

/** The real context, each part loaded only when the caller did not inject it. */
export async function buildContext(o: Partial<CliContext>): Promise<CliContext> {
  return {
    out: o.out ?? consoleOut,
    progress: o.progress !== undefined ? o.progress : { isTTY: Boolean(process.stderr.isTTY), write: (t) => process.stderr.write(t) },
    catalog: o.catalog ?? (await loadCatalog()),
    runner: o.runner ?? (await import('../engine/run.ts')).runSimulation,
    save: o.save ?? saveToArchive,
    readFile: o.readFile ?? ((p) => readFileSync(p, 'utf8')),
    clock: o.clock ?? (() => performance.now()),
  };
}

async function loadCatalog(): Promise<CliContext['catalog']> {
  const library = await import('../engine/scenario/library.ts');
  const plugins = await import('../main/plugins/builtin.ts');
  return {
    scenarios: () => library.SCENARIOS,
    findScenario: library.findScenario,
    policies: plugins.listPolicies,
    findPolicy: plugins.findPolicy,
  };
}
