/* Running simulations off the calling thread: queue, workers, progress, cancel. */
export {
  RunManager,
  defaultPoolSize,
  storedRunInput,
  type RunManagerOptions,
  type SubmitOptions,
  type RunStatusEvent,
  type RunLiveEvent,
  type RunOutcome,
} from './run-manager.ts';
export { ProgressTracker, formatProgressLine, formatDuration, type RunProgressInfo } from './progress.ts';
export { lookupPolicy, UnknownPolicyError } from './policy-lookup.ts';
export { Emitter, type Disposable } from './events.ts';
