/* Handler types: one function per contract key, typed from src/shared/api.ts. */
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../shared/api.ts';
import type { ApiContext } from './context.ts';

export type Handler<M extends ApiMethod> = (input: ApiParsedInput<M>, ctx: ApiContext) => ApiOutput<M> | Promise<ApiOutput<M>>;
export type HandlerMap = { [M in ApiMethod]: Handler<M> };

/** A namespace's handlers; the key list is checked against the contract and the inputs typed from it. */
export function defineHandlers<K extends ApiMethod>(handlers: { [M in K]: Handler<M> }): { [M in K]: Handler<M> } {
  return handlers;
}
