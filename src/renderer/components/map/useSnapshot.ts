/*
 * The decoded snapshot for (run, index), keeping the previous one on screen
 * while the next loads so scrubbing never flashes an empty map, and
 * prefetching the neighbours so stepping with the arrow keys is instant.
 */
import { useEffect, useState } from 'react';
import { useStores } from '../../state/context.tsx';

export function useSnapshot(runId: number, index: number, count: number): { data: Uint16Array | null; error: string | null } {
  const { detail } = useStores();
  const [state, setState] = useState<{ data: Uint16Array | null; error: string | null }>(() => ({ data: index >= 0 ? (detail.cachedSnapshot(runId, index) ?? null) : null, error: null }));
  useEffect(() => {
    if (index < 0 || index >= count) return;
    let live = true;
    const hit = detail.cachedSnapshot(runId, index);
    if (hit) setState({ data: hit, error: null });
    else
      detail.snapshot(runId, index).then(
        (data) => live && setState({ data, error: null }),
        (e: Error) => live && setState((s) => ({ data: s.data, error: e.message })),
      );
    for (const n of [index + 1, index - 1]) if (n >= 0 && n < count) void detail.snapshot(runId, n).catch(() => {});
    return () => {
      live = false;
    };
  }, [runId, index, count, detail]);
  return state;
}
