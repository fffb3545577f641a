/** Bumped whenever a change can alter results for the same config and seed. */
export const ENGINE_VERSION = '0.15.0';
