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
