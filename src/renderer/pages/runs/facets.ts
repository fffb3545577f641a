/*
 * The history filter's options come from the archive (`runs:facets`), not
 * only from what this app knows: a run of an edited scenario
 * (`cubox-rfc-v2-custom`), of an imported archive or of a policy whose
 * plugin is gone must be as easy to pick as the built-in ones. Fetched
 * again whenever the list reloads, since runs, imports and deletions change
 * what the archive holds.
 */
import { useEffect, useState } from 'react';
import type { RunFacets } from '../../../shared/types.ts';
import { useStores } from '../../state/context.tsx';
import { useStore } from '../../state/store.ts';

/** The archive's facets; null until the first answer (or when the server cannot be asked). */
export function useRunFacets(): RunFacets | null {
  const { api, runs } = useStores();
  const list = useStore(runs, (s) => s.list);
  const [facets, setFacets] = useState<RunFacets | null>(null);
  const reloaded = list.state === 'ready' ? list.value : null;
  useEffect(() => {
    let current = true;
    api.call('runs:facets').then(
      (f) => current && setFacets(f),
      // Options are a convenience: without them the filter offers what the catalog knows.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [api, reloaded]);
  return facets;
}

/** Options of one select: the archive's values, what the app knows besides, and the current choice, sorted and once each. */
export function filterOptions(archive: readonly string[] | undefined, known: readonly string[], current: string | undefined): string[] {
  const all = new Set([...(archive ?? []), ...known]);
  if (current) all.add(current);
  return [...all].sort((a, b) => a.localeCompare(b));
}
