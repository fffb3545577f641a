/*
 * The single entry every transport calls: look the method up, check the
 * input against its schema, run the handler, and turn whatever happens into
 * an ApiResponse. Nothing a caller sends and nothing a handler throws
 * escapes as an exception: a transport only ever forwards an envelope.
 */
import { API, isApiMethod, type ApiMethod, type ApiResponse } from '../../shared/api.ts';
import { issueErrors, joinPath } from '../../shared/run-config.ts';
import type { ApiContext } from './context.ts';
import { toApiError } from './errors.ts';
import type { Handler, HandlerMap } from './handler.ts';
import { allHandlers } from './handlers.ts';

export type Dispatch = (method: string, input: unknown) => Promise<ApiResponse<unknown>>;

export interface DispatchOptions {
  handlers?: HandlerMap;
  /** Called after every call (method, ms, error code or null): slow-call and error logging. */
  onCall?: (method: string, ms: number, error: string | null) => void;
}

export function createDispatch(ctx: ApiContext, opts: DispatchOptions = {}): Dispatch {
  const handlers = opts.handlers ?? allHandlers;
  return async (method, input) => {
    const t0 = performance.now();
    const response = await run(handlers, ctx, method, input);
    opts.onCall?.(method, performance.now() - t0, response.ok ? null : response.error.code);
    return response;
  };
}

async function run(handlers: HandlerMap, ctx: ApiContext, method: string, input: unknown): Promise<ApiResponse<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `unknown API method "${String(method)}"` } };
  }
  // JSON null and a missing body mean "no input" to every transport.
  const parsed = API[method].input.safeParse(input === null ? undefined : input);
  if (!parsed.success) {
    const fieldErrors = issueErrors(parsed.error.issues, (p) => joinPath('input', p).replace(/^input\.?/, '') || '(input)');
    const first = fieldErrors[0]!;
    return {
      ok: false,
      error: { code: 'invalid_input', message: `${method}: ${first.path === '(input)' ? '' : first.path + ': '}${first.message}`, fieldErrors },
    };
  }
  try {
    const handler = handlers[method] as Handler<ApiMethod>;
    return { ok: true, value: await handler(parsed.data as never, ctx) };
  } catch (err) {
    return { ok: false, error: toApiError(method, err) };
  }
}
