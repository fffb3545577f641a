/* The ⚠ after a value that flatters its run or group (OOM kills): the reason as tooltip, and in words for screen readers. */
export function CaveatMark({ caveat }: { caveat: string | null }) {
  if (!caveat) return null;
  return (
    <>
      {' '}
      <span className="caveat" title={caveat} aria-hidden="true" style={{ color: 'var(--warn)', cursor: 'help' }}>
        ⚠
      </span>
      <span className="sr-only"> ({caveat})</span>
    </>
  );
}

/** Under a table: what its ⚠ markers mean, for the rows that carry one. */
export function CaveatNote({ note }: { note: string | null }) {
  if (!note) return null;
  return (
    <div className="table-note small muted" style={{ padding: '8px 14px', borderTop: '1px solid var(--border)' }}>
      {note}
    </div>
  );
}
