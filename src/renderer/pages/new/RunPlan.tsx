/* Seeds, an optional one-parameter sweep, the baseline switch and tags. */
import type { PolicyInfo } from '../../../shared/types.ts';
import { SelectField, SwitchField, TextField } from '../../components/form/fields.tsx';
import type { ExperimentDraft, SweepDraft } from './draft.ts';

export interface RunPlanProps {
  draft: ExperimentDraft;
  policies: PolicyInfo[];
  errors: Record<string, string>;
  onChange: (d: ExperimentDraft) => void;
}

export function RunPlan({ draft, policies, errors, onChange }: RunPlanProps) {
  const sweep = draft.sweep;
  const setSweep = (patch: Partial<SweepDraft>) => onChange({ ...draft, sweep: { ...sweep, ...patch } });
  const chosenNames = draft.policies.map((p) => p.name);
  const sweepPolicies = policies.filter((p) => chosenNames.includes(p.name));
  const sp = policies.find((p) => p.name === sweep.policy);
  const spec = sp?.params.find((s) => s.key === sweep.key);
  const placeholder =
    sweep.key === 'preset'
      ? (sp?.presets ?? []).map((p) => p.name).join(', ')
      : spec?.type === 'boolean'
        ? 'true, false'
        : spec?.type === 'enum'
          ? spec.options.join(', ')
          : spec
            ? `e.g. ${[spec.min ?? 0, spec.default, spec.max ?? spec.default * 2].filter((v, i, a) => a.indexOf(v) === i).join(', ')}`
            : 'comma-separated values';

  return (
    <div className="stack" style={{ gap: 14 }}>
      <div className="fields">
        <TextField
          label="Seeds"
          keyName="seeds"
          value={draft.seedsText}
          placeholder="1-5"
          error={errors['config.seeds'] ?? Object.entries(errors).find(([k]) => k.startsWith('config.seeds.'))?.[1]}
          help="One run per seed: 1-5, or 1,3,7. Same seed, same result."
          onChange={(v) => onChange({ ...draft, seedsText: v })}
        />
        <TextField
          label="Tags"
          keyName="tags"
          value={draft.tagsText}
          placeholder="e.g. baseline-study"
          help="Added to every run; filter by them in Runs."
          onChange={(v) => onChange({ ...draft, tagsText: v })}
        />
      </div>
      <SwitchField
        label="Measure background slowdown"
        keyName="baseline"
        value={draft.baseline}
        help="Also simulate the scenario without the contiguous client, so the cost to the background workload can be reported (doubles the run time)."
        onChange={(b) => onChange({ ...draft, baseline: b })}
      />
      <div className="sweep">
        <SwitchField
          label="Sweep one parameter"
          value={sweep.enabled}
          help="Run a policy once per value of one parameter (like cmawb compare --sweep)."
          onChange={(b) => setSweep({ enabled: b, policy: sweep.policy || chosenNames[0] || '' })}
        />
        {sweep.enabled && (
          <div className="fields" style={{ marginTop: 10 }}>
            <SelectField
              label="Policy"
              value={sweep.policy}
              error={errors['config.sweep.policy']}
              options={[{ value: '', label: 'choose…' }, ...sweepPolicies.map((p) => ({ value: p.name, label: p.name }))]}
              onChange={(v) => setSweep({ policy: v, key: '' })}
            />
            <SelectField
              label="Parameter"
              value={sweep.key}
              error={errors['config.sweep.key']}
              options={[
                { value: '', label: 'choose…' },
                ...(sp?.params ?? []).map((s) => ({ value: s.key, label: `${s.key}${s.unit ? ` (${s.unit})` : ''}` })),
                ...((sp?.presets ?? []).length ? [{ value: 'preset', label: 'preset' }] : []),
              ]}
              onChange={(v) => setSweep({ key: v })}
            />
            <TextField
              label="Values"
              value={sweep.valuesText}
              placeholder={placeholder}
              error={errors['config.sweep.values'] ?? Object.entries(errors).find(([k]) => k.startsWith('config.sweep.values.'))?.[1] ?? errors['config.sweep']}
              help={spec ? spec.description : 'Comma-separated'}
              onChange={(v) => setSweep({ valuesText: v })}
            />
          </div>
        )}
      </div>
    </div>
  );
}
