/*
 * The start bar's list of what stops an experiment from starting. Errors
 * arrive keyed by the path main validates ("config.overrides.machine.memMiB",
 * "config.policies.1.params.ratio"); a reader needs the field's name as the
 * form labels it ("RAM", "gcma · ratio") and a way to get to it.
 */
import type { Scenario } from '../../../shared/types.ts';
import { fieldMeta } from '../../lib/scenario-fields.ts';
import type { ExperimentDraft } from './draft.ts';

export interface Problem {
  /** The field as the form labels it. */
  label: string;
  /** The first path and message under that label. */
  path: string;
  message: string;
}

/** The form's label for an error path. */
export function problemLabel(path: string, draft: Pick<ExperimentDraft, 'policies'>, base: Pick<Scenario, 'workloads'> | null): string {
  const p = path.replace(/^config\./, '');
  if (p === 'seeds' || p.startsWith('seeds.')) return 'Seeds';
  if (p === 'sweep') return 'Sweep';
  if (p.startsWith('sweep.values')) return 'Sweep values';
  if (p === 'sweep.policy') return 'Sweep policy';
  if (p === 'sweep.key') return 'Sweep parameter';
  if (p === 'policies') return 'Policies';
  const pol = /^policies\.(\d+)(?:\.params\.(.+)|\.name)?$/.exec(p);
  if (pol) {
    const name = draft.policies[Number(pol[1])]?.name ?? `policy ${Number(pol[1]) + 1}`;
    return pol[2] ? `${name} · ${pol[2]}` : `policy ${name}`;
  }
  const field = /^(?:overrides|scenario)\.(.+)$/.exec(p)?.[1];
  if (field) {
    const wl = /^workloads\.(\d+)\.(.+)$/.exec(field);
    if (wl) {
      const name = base?.workloads[Number(wl[1])]?.name ?? `workload ${Number(wl[1]) + 1}`;
      // A traced request has no field of its own in the form (they are read-only): name it by position and key.
      const req = /^requests\.(\d+)\.(.+)$/.exec(wl[2]!);
      if (req) return `${name} · request ${Number(req[1]) + 1} · ${req[2]}`;
      return `${name} · ${fieldMeta(wl[2]!).label}`;
    }
    // The form labels machine fields by their key under machine ("memMiB", "swap.device").
    return fieldMeta(field.replace(/^machine\./, '')).label;
  }
  return p;
}

/** Where a path's field sits on the page, top to bottom: machine and workloads, policies, seeds, sweep. */
function pageOrder(path: string): number {
  const p = path.replace(/^config\./, '');
  if (/^(overrides|scenario)\b/.test(p)) return 0;
  if (p.startsWith('policies')) return 1;
  if (p.startsWith('seeds')) return 2;
  if (p.startsWith('sweep')) return 3;
  return 4;
}

/** One entry per field, in page order, so "the first problem" is the one highest on the page. */
export function problems(errors: Record<string, string>, draft: Pick<ExperimentDraft, 'policies'>, base: Pick<Scenario, 'workloads'> | null): Problem[] {
  const out = new Map<string, Problem>();
  const entries = Object.entries(errors).sort(([a], [b]) => pageOrder(a) - pageOrder(b));
  for (const [path, message] of entries) {
    const label = problemLabel(path, draft, base);
    if (!out.has(label)) out.set(label, { label, path, message });
  }
  return [...out.values()];
}

/**
 * Scroll to a problem's field and focus its control. Fields show their error
 * text under them, so the message finds the field; failing that, the first
 * control marked invalid.
 */
export function focusProblem(root: ParentNode, message: string): boolean {
  const errs = [...root.querySelectorAll<HTMLElement>('.err')];
  const err = errs.find((e) => e.textContent === message) ?? null;
  const control =
    err?.closest('.field, .switch-field, .policy, .sweep')?.querySelector<HTMLElement>('input, select, textarea') ?? root.querySelector<HTMLElement>('[aria-invalid="true"]');
  const target = control ?? err;
  if (!target) return false;
  target.scrollIntoView({ block: 'center', behavior: 'smooth' });
  control?.focus({ preventScroll: true });
  return true;
}
