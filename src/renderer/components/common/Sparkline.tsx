/* A tiny SVG line for a short history (events/s of a running run), with a visible caption under it when given. */
export function Sparkline({ values, width = 120, height = 28, label, caption }: { values: number[]; width?: number; height?: number; label: string; caption?: string }) {
  if (caption !== undefined)
    return (
      <figure className="spark-fig" style={{ width }}>
        <Sparkline values={values} width={width} height={height} label={label} />
        <figcaption>{caption}</figcaption>
      </figure>
    );
  if (values.length < 2) return <svg width={width} height={height} role="img" aria-label={label} />;
  // A loop, not Math.max(...values): spreading a long history overflows the call stack.
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (!max) max = 1;
  const step = width / (values.length - 1);
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="spark">
      <polyline points={`0,${height} ${pts.join(' ')} ${width},${height}`} fill="var(--accent-weak)" stroke="none" />
      <polyline points={pts.join(' ')} fill="none" stroke="var(--accent)" strokeWidth={1.5} />
    </svg>
  );
}
