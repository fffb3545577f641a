/* The API contract: what main, preload, renderer and CLI share. */
export * from './api.ts';
export * from './client.ts';
export * from './types.ts';
export * from './schemas.ts';
export { validateRunConfig, MAX_RUNS_PER_START, type RunConfigCatalog } from './run-config.ts';
export { encodeSnapshotData, decodeSnapshotData, MAP_KINDS, type MapKind } from './snapshot.ts';
export { createWebTransport, defaultTransport, type WebTransport, type WebTransportOptions } from './web-transport.ts';
