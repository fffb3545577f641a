/*
 * How fast a device trace is read (cmawb trace, --contig-trace, the UI's import):
 * a synthetic trace of 20,000 timed requests, each with its release, among
 * 20 unrelated events per request, as a full `trace` file would hold them.
 * Informational: no target; the tracepoints alone make far smaller files.
 */
import { parseCmaTrace } from '../src/engine/scenario/cma-ftrace.ts';

function syntheticTrace(requests: number): string {
  const lines: string[] = [];
  let t = 100;
  for (let i = 0; i < requests; i++) {
    for (let j = 0; j < 20; j++) lines.push(`     kworker/1:2-88    [001] ..... ${t.toFixed(6)}: sched_switch: prev_comm=kworker/1:2 prev_pid=88 next_pid=0`);
    const count = 256 * (1 + (i % 8));
    const pfn = (0x80000 + (i % 64) * 0x800).toString(16);
    lines.push(` camera.provider-612 [002] ..... ${t.toFixed(6)}: cma_alloc_start: name=camera request_count=${count} available_count=30000 total_count=32768 align=8`);
    t += 0.002;
    lines.push(` camera.provider-612 [002] ..... ${t.toFixed(6)}: cma_alloc_finish: name=camera pfn=0x${pfn} page=00000000a1b2c3d4 count=${count} align=8 errorno=0`);
    t += 0.03;
    lines.push(` camera.provider-612 [002] ..... ${t.toFixed(6)}: cma_release: name=camera pfn=0x${pfn} page=00000000a1b2c3d4 count=${count}`);
  }
  return lines.join('\n');
}

export function benchTrace(): { traceMiB: number; lines: number; requests: number; wallMs: number; miBPerS: number } {
  const text = syntheticTrace(20_000);
  const t0 = performance.now();
  const r = parseCmaTrace(text);
  const wallMs = performance.now() - t0;
  const traceMiB = text.length / 1048576;
  return {
    traceMiB: Math.round(traceMiB * 10) / 10,
    lines: text.split('\n').length,
    requests: r.requests,
    wallMs: Math.round(wallMs),
    miBPerS: Math.round(traceMiB / (wallMs / 1000)),
  };
}
