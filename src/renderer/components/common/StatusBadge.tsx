import type { RunStatus } from '../../../shared/types.ts';

export function StatusBadge({ status }: { status: RunStatus }) {
  return <span className={`badge ${status}`}>{status}</span>;
}
