/*
 * One object holding every store, created once at startup (the renderer's
 * composition root) and handed down by context, so components ask for a
 * store instead of constructing or importing singletons.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '../../shared/client.ts';
import { CatalogStore } from './catalog.ts';
import { DetailStore } from './detail.ts';
import { LiveStore } from './live.ts';
import { LiveDataStore } from './live-data.ts';
import { RunsStore } from './runs.ts';
import { ToastStore } from './toasts.ts';
import { ConnectionStore } from './connection.ts';

export interface Stores {
  api: ApiClient;
  catalog: CatalogStore;
  live: LiveStore;
  liveData: LiveDataStore;
  runs: RunsStore;
  detail: DetailStore;
  toasts: ToastStore;
  connection: ConnectionStore;
}

export function createStores(api: ApiClient, connection = new ConnectionStore(false)): Stores {
  const live = new LiveStore(api);
  const liveData = new LiveDataStore(api);
  // A run off the live list needs no live charts: its id may also be handed to a new run.
  live.onRemoved((ids) => {
    for (const id of ids) liveData.drop(id);
  });
  return {
    api,
    catalog: new CatalogStore(api),
    live,
    liveData,
    runs: new RunsStore(api, live),
    detail: new DetailStore(api, live),
    toasts: new ToastStore(),
    connection,
  };
}

const Ctx = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <Ctx.Provider value={stores}>{children}</Ctx.Provider>;
}

export function useStores(): Stores {
  const s = useContext(Ctx);
  if (!s) throw new Error('useStores outside StoresProvider');
  return s;
}
