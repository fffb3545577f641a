/*
 * Browser mode's access token. The server prints a URL with ?token=...; the
 * first page load trades it for an HttpOnly, SameSite=Strict cookie and is
 * redirected to the same URL without it (so the token does not sit in the
 * address bar, history or a Referer). Every later request, and the WebSocket
 * upgrade, must carry the token as header, query or cookie. Other local
 * users and web pages the user visits cannot guess it: 192 random bits.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE, TOKEN_HEADER, TOKEN_QUERY } from '../../shared/web-transport.ts';

export { TOKEN_COOKIE, TOKEN_HEADER, TOKEN_QUERY };

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export type TokenSource = 'header' | 'query' | 'cookie';

/** Where the request carries the right token, or null. */
export function authenticate(req: IncomingMessage, url: URL, token: string): TokenSource | null {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && same(header, token)) return 'header';
  const query = url.searchParams.get(TOKEN_QUERY);
  if (query !== null && same(query, token)) return 'query';
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (cookie !== undefined && same(cookie, token)) return 'cookie';
  return null;
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
