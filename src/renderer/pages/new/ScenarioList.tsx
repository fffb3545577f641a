/* The scenario picker: title, name, description and where its numbers come from. */
import { useRef, type KeyboardEvent } from 'react';
import type { Scenario } from '../../../shared/types.ts';
import { formatMiB } from '../../lib/format.ts';

/**
 * The next card for a key of the radio group (arrows wrap, Home/End), or null
 * for a key the group does not handle.
 */
export function radioStep(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowUp':
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/*
 * One tab stop (the chosen card, or the first), arrow keys move between the
 * cards. Arrows move focus only and Space/Enter picks: picking a scenario
 * drops the form's edits, which a stray arrow key should not do.
 */
export function ScenarioList({ scenarios, selected, onSelect }: { scenarios: Scenario[]; selected: string | null; onSelect: (name: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const tabIndexOf = scenarios.some((s) => s.name === selected) ? scenarios.findIndex((s) => s.name === selected) : 0;
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const to = radioStep(e.key, index, scenarios.length);
    if (to === null) return;
    e.preventDefault();
    ref.current?.querySelectorAll<HTMLElement>('[role="radio"]')[to]?.focus();
  };
  return (
    <div className="scenario-list" role="radiogroup" aria-label="Scenario" ref={ref}>
      {scenarios.map((s, index) => {
        const on = s.name === selected;
        return (
          <button
            key={s.name}
            type="button"
            role="radio"
            aria-checked={on}
            tabIndex={index === tabIndexOf ? 0 : -1}
            className={`scenario${on ? ' on' : ''}`}
            onClick={() => onSelect(s.name)}
            onKeyDown={(e) => onKey(e, index)}
          >
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
