/*
 * Errors a handler means to return: a code from the contract and a sentence
 * for the user. Anything else a handler throws is mapped here by its class
 * (not found, wrong state, bad archive, bad input) so the user never sees a
 * stack trace, and a true bug is reported as `internal` with its message.
 */
import { ScenarioError } from '../../engine/scenario/schema.ts';
import { ParamError } from '../../engine/policy/manifest.ts';
import type { ApiError, ApiErrorCode } from '../../shared/api.ts';
import type { FieldError } from '../../shared/types.ts';
import { UnknownPolicyError } from '../runs/policy-lookup.ts';
import { ArchiveFormatError, ArchiveOpenError, RunNotFoundError, RunStateError } from '../store/index.ts';

export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fieldErrors?: FieldError[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

const BY_CLASS: [new (...args: never[]) => Error, ApiErrorCode][] = [
  [RunNotFoundError, 'not_found'],
  [RunStateError, 'conflict'],
  [ArchiveFormatError, 'bad_archive'],
  [ArchiveOpenError, 'bad_archive'],
  [UnknownPolicyError, 'invalid_input'],
  [ScenarioError, 'invalid_input'],
  [ParamError, 'invalid_input'],
];

export function toApiError(method: string, err: unknown): ApiError {
  if (err instanceof ApiFailure) {
    return { code: err.code, message: err.message, ...(err.fieldErrors ? { fieldErrors: err.fieldErrors } : {}) };
  }
  if (err instanceof Error) {
    for (const [cls, code] of BY_CLASS) if (err instanceof cls) return { code, message: err.message };
    return { code: 'internal', message: `${method} failed: ${err.message}` };
  }
  return { code: 'internal', message: `${method} failed: ${String(err)}` };
}
