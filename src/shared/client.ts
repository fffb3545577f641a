/*
 * The renderer's view of the API: `api.call('runs:list', {...})` and
 * `api.on('runs:progress', cb)`, typed from the contract in api.ts, over any
 * transport that can carry an envelope: Electron's preload (`window.api`)
 * or the browser-mode HTTP/WebSocket transport (web-transport.ts).
 *
 * Transports return the ApiResponse envelope rather than throwing, because
 * an Error crossing Electron's contextBridge loses its fields; this client
 * unwraps it and throws ApiCallError, which keeps code and fieldErrors.
 */
import type { ApiError, ApiErrorCode, ApiEvent, ApiEvents, ApiInput, ApiMethod, ApiOutput, ApiResponse } from './api.ts';
import type { FieldError } from './types.ts';

export type Unsubscribe = () => void;

/** What `window.api` (preload) and createWebTransport() provide. */
export interface ApiTransport {
  call<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiResponse<ApiOutput<M>>>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe;
}

export class ApiCallError extends Error implements ApiError {
  readonly code: ApiErrorCode;
  readonly fieldErrors?: FieldError[];

  constructor(
    readonly method: string,
    error: ApiError,
  ) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    if (error.fieldErrors) this.fieldErrors = error.fieldErrors;
  }
}

export interface ApiClient {
  /** Resolves with the output; rejects with ApiCallError. */
  call<M extends ApiMethod>(method: M, ...input: InputArg<M>): Promise<ApiOutput<M>>;
  /** The envelope, for forms that show fieldErrors inline instead of catching. */
  result<M extends ApiMethod>(method: M, ...input: InputArg<M>): Promise<ApiResponse<ApiOutput<M>>>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe;
  readonly transport: ApiTransport;
}

/** Methods whose input may be omitted take an optional argument. */
type InputArg<M extends ApiMethod> = undefined extends ApiInput<M> ? [input?: ApiInput<M>] : [input: ApiInput<M>];

export function createApiClient(transport: ApiTransport): ApiClient {
  const result = async <M extends ApiMethod>(method: M, ...args: InputArg<M>): Promise<ApiResponse<ApiOutput<M>>> => {
    try {
      return await transport.call(method, args[0]);
    } catch (err) {
      // A transport should not throw, but a dead connection or closed window can.
      return { ok: false, error: { code: 'unavailable', message: `${method}: ${err instanceof Error ? err.message : String(err)}` } };
    }
  };
  return {
    transport,
    result,
    async call(method, ...args) {
      const r = await result(method, ...args);
      if (!r.ok) throw new ApiCallError(method, r.error);
      return r.value;
    },
    on: (event, listener) => transport.on(event, listener),
  };
}

/** Messages of fieldErrors keyed by path, for a form: errors['config.seeds'] -> "...". */
export function fieldErrorMap(errors: readonly FieldError[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) if (!(e.path in out)) out[e.path] = e.message;
  return out;
}
