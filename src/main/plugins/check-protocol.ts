/* Messages between `cmawb plugin check` and its validation worker. */
import type { PluginProblem } from './problems.ts';

export interface CheckWorkerData {
  dir: string;
  /** Also run the smoke scenario after a successful load. */
  smoke: boolean;
}

export interface SmokeReport {
  label: string;
  requests: number;
  succeeded: number;
  failures: Record<string, number>;
  virtualS: number;
  wallMs: number;
  deterministic: boolean | null;
  /** Region pages still held by the device at the end, after every buffer was released. */
  devicePagesAtEnd: number;
}

export type CheckMessage =
  | { type: 'phase'; phase: string }
  | { type: 'loaded'; name: string; version: string; hash: string; className: string }
  | { type: 'problems'; problems: PluginProblem[] }
  | { type: 'smoke'; report: SmokeReport }
  | { type: 'smoke-failed'; label: string; problem: PluginProblem }
  | { type: 'done' };
