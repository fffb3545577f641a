/*
 * Events sent while the event socket was down are lost for good, so when it
 * comes back the stores that events keep current reload from the server:
 * the session's runs (a server that stopped meanwhile interrupted its running
 * runs and cancelled the queued ones), the live charts of runs that were
 * still going, and the run history.
 */
import type { Stores } from './context.tsx';

/** Subscribe the stores to reconnects; returns the unsubscribe. */
export function resyncOnReconnect(stores: Pick<Stores, 'connection' | 'live' | 'liveData' | 'runs'>): () => void {
  const { connection, live, liveData, runs } = stores;
  let was = connection.getState().connected;
  return connection.subscribe(() => {
    const now = connection.getState().connected;
    // null -> true is the first connection, not a reconnect: main.tsx loaded everything already.
    if (now && was === false) {
      liveData.resync();
      void live.load();
      runs.refreshSoon(0);
    }
    was = now;
  });
}
