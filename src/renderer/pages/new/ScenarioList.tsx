/* The scenario picker: title, name, description and where its numbers come from. */
import type { Scenario } from '../../../shared/types.ts';
import { formatMiB } from '../../lib/format.ts';

export function ScenarioList({ scenarios, selected, onSelect }: { scenarios: Scenario[]; selected: string | null; onSelect: (name: string) => void }) {
  return (
    <div className="scenario-list" role="radiogroup" aria-label="Scenario">
      {scenarios.map((s) => {
        const on = s.name === selected;
        return (
          <button key={s.name} type="button" role="radio" aria-checked={on} className={`scenario${on ? ' on' : ''}`} onClick={() => onSelect(s.name)}>
            <div className="row">
              <span className="title">{s.title || s.name}</span>
            </div>
            <div className="meta">
              <code>{s.name}</code>
              <span>{s.machine.platform}</span>
              <span>{formatMiB(s.machine.memMiB)} RAM</span>
              <span>{formatMiB(s.machine.regionMiB)} region</span>
              <span>swap {s.machine.swap.device === 'none' ? 'none' : `${s.machine.swap.device} ${formatMiB(s.machine.swap.sizeMiB)}`}</span>
            </div>
            <div className="desc">{s.description}</div>
            {s.source && <div className="source">Source: {s.source}</div>}
          </button>
        );
      })}
    </div>
  );
}
