/*
 * The workbench API: every namespace's handlers merged into one map keyed
 * `namespace:method` (AFFiNE's handlers.ts habit). tsc checks the merged map
 * against the contract, so a method added to src/shared/api.ts without a
 * handler (or a handler without a contract entry) does not compile.
 */
import type { HandlerMap } from './handler.ts';
import { appHandlers } from './handlers/app.ts';
import { archiveHandlers } from './handlers/archive.ts';
import { catalogHandlers } from './handlers/catalog.ts';
import { compareHandlers } from './handlers/compare.ts';
import { configHandlers } from './handlers/config.ts';
import { runHandlers } from './handlers/runs.ts';

export const allHandlers: HandlerMap = {
  ...catalogHandlers,
  ...configHandlers,
  ...runHandlers,
  ...archiveHandlers,
  ...compareHandlers,
  ...appHandlers,
};
