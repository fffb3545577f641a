/* The workbench API behind every transport: handlers, dispatcher, composition root. */
export { allHandlers } from './handlers.ts';
export { createDispatch, type Dispatch, type DispatchOptions } from './dispatch.ts';
export { createWorkbench, appVersion, type Workbench, type WorkbenchOptions, type EventListener } from './services.ts';
export { ApiFailure, toApiError } from './errors.ts';
export { hostCatalog, policyInfo, type PolicyCatalog } from './catalog.ts';
export type { ApiContext, AppPaths, HostShell } from './context.ts';
export type { Handler, HandlerMap } from './handler.ts';
