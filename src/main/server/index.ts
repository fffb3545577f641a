/* Browser mode: HTTP + WebSocket transport over the API, token-protected. */
export { startBrowserMode, DEFAULT_PORT, type BrowserMode, type BrowserModeOptions } from './browser-mode.ts';
export { startServer, type RunningServer, type ServerOptions } from './server.ts';
export { contentSecurityPolicy, type CspOptions } from './csp.ts';
export { newToken, TOKEN_COOKIE, TOKEN_HEADER, TOKEN_QUERY } from './auth.ts';
