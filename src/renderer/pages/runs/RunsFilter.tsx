/*
 * The history filter bar: text, policy, scenario, tag, status and a
 * creation-date range. Policy, scenario and tag offer what the archive holds
 * (facets.ts) as well as what the catalog knows.
 */
import { useStores } from '../../state/context.tsx';
import { remoteValue, useStore } from '../../state/store.ts';
import type { RunListFilter } from '../../../shared/schemas.ts';
import { RUN_STATUSES } from '../../../shared/types.ts';
import { IconSearch } from '../../components/common/icons.tsx';
import { filterOptions, useRunFacets } from './facets.ts';

function dayStart(s: string): number | undefined {
  if (!s) return undefined;
  const d = new Date(`${s}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.getTime();
}
function dayEnd(s: string): number | undefined {
  const t = dayStart(s);
  return t === undefined ? undefined : t + 86_400_000 - 1;
}
function toDay(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function RunsFilter() {
  const { runs, catalog } = useStores();
  const filter = useStore(runs, (s) => s.filter);
  const tags = useStore(runs, (s) => s.knownTags);
  const catalogPolicies = useStore(catalog, (s) => remoteValue(s.policies));
  const catalogScenarios = useStore(catalog, (s) => remoteValue(s.scenarios));
  const facets = useRunFacets();
  const policies = filterOptions(facets?.policies, catalogPolicies?.map((p) => p.name) ?? [], filter.policy);
  const scenarios = filterOptions(facets?.scenarios, catalogScenarios?.map((s) => s.name) ?? [], filter.scenario);
  const tagOptions = filterOptions(facets?.tags, tags, filter.tag);
  const set = (p: Partial<RunListFilter>) => runs.setFilter(p);
  const active = Object.keys(filter).length > 0;

  return (
    <div className="filter-bar" role="search">
      <div className="search" style={{ flex: '1 1 220px' }}>
        <IconSearch />
        <input type="search" aria-label="Search run names and notes" placeholder="Search names and notes" value={filter.text ?? ''} onChange={(e) => set({ text: e.target.value })} />
      </div>
      <select aria-label="Filter by policy" value={filter.policy ?? ''} onChange={(e) => set({ policy: e.target.value })}>
        <option value="">All policies</option>
        {policies.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <select aria-label="Filter by scenario" value={filter.scenario ?? ''} onChange={(e) => set({ scenario: e.target.value })}>
        <option value="">All scenarios</option>
        {scenarios.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select aria-label="Filter by tag" value={filter.tag ?? ''} onChange={(e) => set({ tag: e.target.value })}>
        <option value="">All tags</option>
        {tagOptions.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <select aria-label="Filter by status" value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as RunListFilter['status'] })}>
        <option value="">Any status</option>
        {RUN_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <label className="date-range">
        <span className="faint small">from</span>
        <input type="date" aria-label="Created from" value={toDay(filter.from)} onChange={(e) => set({ from: dayStart(e.target.value) })} />
      </label>
      <label className="date-range">
        <span className="faint small">to</span>
        <input type="date" aria-label="Created until" value={toDay(filter.to)} onChange={(e) => set({ to: dayEnd(e.target.value) })} />
      </label>
      {active && (
        <button type="button" className="btn ghost sm" onClick={() => runs.clearFilter()}>
          Clear filters
        </button>
      )}
    </div>
  );
}
