// The load-check worker gets neither vitest's nor the parent's TypeScript loader:
// register tsx here, then load the real (TypeScript) worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./load-check-worker.ts', import.meta.url).href);
