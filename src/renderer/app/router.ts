/*
 * Hash routes, so the same bundle works from file:// in Electron and from the
 * browser-mode server without server-side routing, and a run or comparison
 * has a URL one can paste into a bug report.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'new'; from?: number }
  | { page: 'live' }
  | { page: 'runs' }
  | { page: 'run'; id: number }
  | { page: 'compare'; ids: number[] }
  | { page: 'plugins' }
  /** Benchmarks for scripts/bench-ui.ts and checks for the browser test (crash); not linked from the UI. */
  | { page: 'bench'; name: string; query: URLSearchParams }
  | { page: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  // No page named (an empty hash, `#/`): the home page, New experiment, first in the navigation.
  switch (parts[0] ?? 'new') {
    case 'new': {
      const from = Number(q.get('from'));
      return Number.isInteger(from) && from > 0 ? { page: 'new', from } : { page: 'new' };
    }
    case 'live':
      return { page: 'live' };
    case 'runs':
      if (parts[1] && /^\d+$/.test(parts[1])) return { page: 'run', id: Number(parts[1]) };
      return { page: 'runs' };
    case 'compare':
      return {
        page: 'compare',
        ids: (q.get('ids') ?? '')
          .split(',')
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0),
      };
    case 'plugins':
      return { page: 'plugins' };
    case 'bench':
      return { page: 'bench', name: parts[1] ?? '', query: q };
    default:
      return { page: 'notfound', path };
  }
}

export const href = {
  new: (from?: number) => (from ? `#/new?from=${from}` : '#/new'),
  live: () => '#/live',
  runs: () => '#/runs',
  run: (id: number) => `#/runs/${id}`,
  // Ascending ids: the oldest run is the default baseline, whatever order they were picked in.
  compare: (ids: number[]) => `#/compare?ids=${[...ids].sort((a, b) => a - b).join(',')}`,
  plugins: () => '#/plugins',
};

export function navigate(to: string): void {
  if (location.hash !== to) location.hash = to;
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};
const getHash = () => location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, getHash);
  return parseHash(hash);
}
