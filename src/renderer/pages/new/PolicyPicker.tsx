/*
 * Policies to run, each with a form generated from its manifest's parameter
 * schema: numbers with range and unit, integers, enum selects, boolean
 * switches, and a preset picker that fills the values and says which kernel
 * or vendor tree the preset models.
 */
import type { ParamSpec, PluginInfo, PolicyInfo } from '../../../shared/types.ts';
import { NumberField, SelectField, SwitchField } from '../../components/form/fields.tsx';
import { paramValue, setParam, type PolicyChoice } from './draft.ts';
import { humanise } from '../../lib/scenario-fields.ts';

export interface PolicyPickerProps {
  policies: PolicyInfo[];
  chosen: PolicyChoice[];
  errors: Record<string, string>;
  sweptKey: { policy: string; key: string } | null;
  onChange: (chosen: PolicyChoice[]) => void;
  /** Plugins that cannot run (status 'error'): listed disabled, with why, below the usable ones. */
  broken?: PluginInfo[];
}

export function PolicyPicker({ policies, chosen, errors, sweptKey, onChange, broken = [] }: PolicyPickerProps) {
  const toggle = (name: string, on: boolean) => {
    if (on) onChange([...chosen, { name, preset: null, values: {} }]);
    else onChange(chosen.filter((c) => c.name !== name));
  };
  const update = (i: number, c: PolicyChoice) => onChange(chosen.map((x, j) => (j === i ? c : x)));

  return (
    <div className="policy-list">
      {policies.map((p) => {
        const idx = chosen.findIndex((c) => c.name === p.name);
        const choice = idx >= 0 ? chosen[idx]! : null;
        const nameErr = idx >= 0 ? errors[`config.policies.${idx}.name`] ?? errors[`config.policies.${idx}`] : undefined;
        return (
          <div key={p.name} className={`policy${choice ? ' on' : ''}`}>
            <label className="policy-head">
              <input type="checkbox" checked={!!choice} onChange={(e) => toggle(p.name, e.target.checked)} aria-label={`Run policy ${p.name}`} />
              <span className="pname">{p.name}</span>
              <span className="faint small">v{p.version}</span>
              {!p.builtin && <span className="chip">plugin</span>}
              {choice && (choice.preset || Object.keys(choice.values).length > 0) && (
                <span className="chip tag">{[choice.preset, Object.keys(choice.values).length ? `${Object.keys(choice.values).length} changed` : null].filter(Boolean).join(' · ')}</span>
              )}
            </label>
            <div className="pdesc">{p.description}</div>
            {nameErr && <div className="err small" style={{ color: 'var(--danger)', padding: '0 14px 8px 38px' }}>{nameErr}</div>}
            {choice && <ParamForm info={p} choice={choice} index={idx} errors={errors} sweptKey={sweptKey?.policy === p.name ? sweptKey.key : null} onChange={(c) => update(idx, c)} />}
          </div>
        );
      })}
      {broken
        .filter((b) => !policies.some((p) => p.name === b.name))
        .map((b) => {
          const idx = chosen.findIndex((c) => c.name === b.name);
          const nameErr = idx >= 0 ? errors[`config.policies.${idx}.name`] ?? errors[`config.policies.${idx}`] : undefined;
          return (
            <div key={`broken-${b.name}-${b.dir ?? ''}`} className="policy broken">
              <label className="policy-head">
                {/* Not offered; a draft that already has it (run again) can still drop it. */}
                <input type="checkbox" checked={idx >= 0} disabled={idx < 0} onChange={() => toggle(b.name, false)} aria-label={`Run policy ${b.name}`} />
                <span className="pname">{b.name}</span>
                {b.version && <span className="faint small">v{b.version}</span>}
                <span className="badge failed">cannot load</span>
              </label>
              <div className="pdesc plugin-error mono">{b.error ?? 'the plugin failed to load'}</div>
              {nameErr && <div className="err small" style={{ color: 'var(--danger)', padding: '0 14px 8px 38px' }}>{nameErr}</div>}
            </div>
          );
        })}
    </div>
  );
}

function ParamForm({ info, choice, index, errors, sweptKey, onChange }: { info: PolicyInfo; choice: PolicyChoice; index: number; errors: Record<string, string>; sweptKey: string | null; onChange: (c: PolicyChoice) => void }) {
  const presets = info.presets ?? [];
  const preset = presets.find((p) => p.name === choice.preset);
  const err = (key: string) => errors[`config.policies.${index}.params.${key}`];
  const switches = info.params.filter((s) => s.type === 'boolean');
  const others = info.params.filter((s) => s.type !== 'boolean');

  const render = (spec: ParamSpec) => {
    const v = paramValue(spec, choice, info);
    const changed = spec.key in choice.values;
    const swept = sweptKey === spec.key;
    const help = swept ? 'Swept: the values below in Seeds & sweep apply' : spec.description;
    // Words first, as the machine fields read; the key is what --set and the JSON call it.
    const common = { label: humanise(spec.key), keyName: spec.key, error: err(spec.key), changed, disabled: swept };
    if (spec.type === 'boolean') return <SwitchField key={spec.key} {...common} help={help} value={v as boolean} onChange={(b) => onChange(setParam(choice, spec, b, info))} />;
    if (spec.type === 'enum') {
      return <SelectField key={spec.key} {...common} help={help} value={String(v)} options={spec.options.map((o) => ({ value: o, label: o }))} onChange={(s) => onChange(setParam(choice, spec, s, info))} />;
    }
    return (
      <NumberField
        key={spec.key}
        {...common}
        help={help}
        unit={spec.unit}
        min={spec.min}
        max={spec.max}
        integer={spec.type === 'integer'}
        value={v as number}
        onChange={(n) => onChange(setParam(choice, spec, n, info))}
      />
    );
  };

  return (
    <div className="param-form">
      {presets.length > 0 && (
        <div className="preset-row">
          <SelectField
            label="Preset"
            error={err('preset')}
            value={choice.preset ?? ''}
            options={[{ value: '', label: 'none (defaults)' }, ...presets.map((p) => ({ value: p.name, label: p.name }))]}
            // A new preset replaces hand-set values: the point of a preset is to model a known tree exactly.
            onChange={(s) => onChange({ ...choice, preset: s || null, values: {} })}
          />
          <div className="preset-models">{preset ? <>Models: {preset.models}</> : <span className="faint">Pick a preset to load the settings of a known kernel or vendor tree.</span>}</div>
        </div>
      )}
      {others.length > 0 && <div className="fields">{others.map(render)}</div>}
      {switches.length > 0 && <div className="switch-grid">{switches.map(render)}</div>}
      {Object.keys(choice.values).length > 0 && (
        <div>
          <button type="button" className="btn ghost sm" onClick={() => onChange({ ...choice, values: {} })}>
            Reset parameters to {choice.preset ? `preset ${choice.preset}` : 'defaults'}
          </button>
        </div>
      )}
    </div>
  );
}
