/*
 * cmawb policies: each policy's manifest, i.e. what `--set` accepts: parameter
 * types, defaults, ranges and meaning, and the presets with what they model.
 */
import type { ParamSpec, PolicyManifest } from '../../engine/policy/manifest.ts';
import { parseArgs, rejectPositionals, type FlagSpecs } from '../args.ts';
import type { CliContext } from '../context.ts';
import { renderTable, wrap } from '../table.ts';

/** Long descriptions wrap so the listing reads in a 100-column terminal. */
const DESCRIPTION_WIDTH = 56;
const HEADER_WIDTH = 96;

export const POLICIES_FLAGS: FlagSpecs = { json: 'bool', help: 'bool' };

export const POLICIES_USAGE = ['usage: cmawb policies [--json]', '', '  Lists the policies with their parameters and presets.'];

export async function policiesCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseArgs(argv, POLICIES_FLAGS);
  if (args.bools.has('help')) {
    POLICIES_USAGE.forEach((l) => ctx.out.log(l));
    return 0;
  }
  rejectPositionals(args);
  const manifests = ctx.catalog.policies().map((p) => p.manifest);
  if (args.bools.has('json')) {
    ctx.out.log(JSON.stringify(manifests.map(manifestJson), null, 2));
    return 0;
  }
  if (manifests.length === 0) {
    ctx.out.log('no policies');
    return 0;
  }
  manifests.forEach((m, i) => {
    if (i > 0) ctx.out.log('');
    describeManifest(m).forEach((l) => ctx.out.log(l));
  });
  return 0;
}

export function manifestJson(m: PolicyManifest) {
  return {
    name: m.name,
    version: m.version,
    description: m.description,
    sdk: m.sdk,
    params: m.params,
    presets: m.presets ?? [],
  };
}

export function describeManifest(m: PolicyManifest): string[] {
  const lines = wrap(`${m.name} ${m.version}: ${m.description}`, HEADER_WIDTH).map((l, i) => (i === 0 ? l : `  ${l}`));
  if (m.params.length > 0) {
    lines.push('  parameters (--set key=value):');
    lines.push(
      ...renderTable(
        ['key', 'type', 'default', 'range', 'description'],
        m.params.map((p) => [p.key, p.type, withUnit(String(p.default), p), paramRange(p), wrap(p.description, DESCRIPTION_WIDTH).join('\n')]),
        { indent: '    ', align: ['left', 'left', 'right', 'left', 'left'] },
      ),
    );
  } else {
    lines.push('  no parameters');
  }
  for (const preset of m.presets ?? []) {
    if (preset === m.presets![0]) lines.push('  presets (--set preset=NAME):');
    const values = Object.entries(preset.values)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    lines.push(...wrap(`${preset.name}: ${preset.models}`, HEADER_WIDTH - 4).map((l, i) => (i === 0 ? `    ${l}` : `      ${l}`)));
    if (values) lines.push(...wrap(values, HEADER_WIDTH - 6).map((l) => `      ${l}`));
  }
  return lines;
}

function withUnit(v: string, p: ParamSpec): string {
  return p.unit ? `${v} ${p.unit}` : v;
}

export function paramRange(p: ParamSpec): string {
  switch (p.type) {
    case 'boolean':
      return 'true|false';
    case 'enum':
      return p.options.join('|');
    default:
      if (p.min === undefined && p.max === undefined) return 'any';
      return `${p.min ?? '-inf'}..${p.max ?? 'inf'}`;
  }
}
