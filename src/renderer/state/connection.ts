/*
 * Whether the event channel is up. In Electron the bridge is always there;
 * in browser mode the WebSocket can drop (server restarted, laptop slept),
 * and live progress stops until it reconnects, so the nav shows it.
 */
import { Store } from './store.ts';

/** Browser mode without its server: what the pages show is the last known state. */
export const isOffline = (s: { electron: boolean; connected: boolean | null }): boolean => !s.electron && s.connected === false;

export class ConnectionStore extends Store<{ electron: boolean; connected: boolean | null }> {
  constructor(electron: boolean) {
    super({ electron, connected: electron ? true : null });
  }

  set(connected: boolean): void {
    if (this.state.connected !== connected) this.setState({ connected });
  }
}
