/*
 * The renderer's Content Security Policy, one definition for the Electron
 * window and for browser mode. Scripts only from the app itself (no inline
 * script, no eval); styles may be inline because React and uPlot set style
 * attributes; no plugins, frames, forms or <base> tricks.
 */

export interface CspOptions {
  /** Extra origins the page may connect to (the browser-mode WebSocket, a dev server's HMR socket). */
  connect?: readonly string[];
  /** Vite's dev server serves modules over http from its own origin. */
  devServer?: string;
  /** Development only: React Refresh's inline preamble. Never in a built app. */
  inlineScripts?: boolean;
}

export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const self = ["'self'", ...(opts.devServer ? [opts.devServer] : [])];
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': opts.inlineScripts ? [...self, "'unsafe-inline'"] : self,
    'style-src': [...self, "'unsafe-inline'"],
    'img-src': [...self, 'data:', 'blob:'],
    'font-src': [...self, 'data:'],
    'connect-src': [...self, ...(opts.connect ?? [])],
    'worker-src': [...self, 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}
