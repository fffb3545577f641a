/* `window.api`: set by the Electron preload (src/preload); absent in browser mode. */
import type { ApiTransport } from './client.ts';

declare global {
  interface Window {
    api?: ApiTransport;
  }
}
export {};
