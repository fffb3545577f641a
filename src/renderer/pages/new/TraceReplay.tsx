/*
 * "Replay a CMA trace…": a text trace of the cma tracepoints, read in the
 * page and handed to scenarios:importTrace with the form's scenario, which
 * comes back with its contiguous clients replaced by the traced tasks. What
 * the import found (requests, tasks, timing, areas, notes) stays on show, and
 * a trace with several CMA areas can be replayed one area at a time. The
 * file is read as bytes and decoded here as the CLI decodes it (UTF-8 or
 * UTF-16; trace-cmd's binary trace.dat refused with how to turn it into
 * text), so those problems show before anything is sent. When the trace says
 * how big its area was and the machine's region differs, a line offers the
 * traced size.
 */
import { useRef, useState } from 'react';
import type { Scenario } from '../../../shared/types.ts';
import { useStores } from '../../state/context.tsx';
import { IconUpload } from '../../components/common/icons.tsx';
import { areaSizeWarning, importDetails, importErrorText, importHeadline, lengthenedText, readTraceBytes, traceAreas } from '../../lib/trace.ts';
import { getPath, setOverride, traceSource, withTrace, withoutTrace, type ExperimentDraft } from './draft.ts';

export interface TraceReplayProps {
  draft: ExperimentDraft;
  base: Scenario;
  scenarios: readonly Scenario[];
  onChange: (d: ExperimentDraft) => void;
}

export function TraceReplay({ draft, base, scenarios, onChange }: TraceReplayProps) {
  const { api } = useStores();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const trace = draft.trace ?? null;

  const load = async (fileName: string, text: string, area: string | null) => {
    const source = traceSource(draft, base, scenarios);
    if (!source) {
      setError('The scenario the trace replaced is no longer listed; pick a scenario and import the trace again.');
      return;
    }
    setBusy(area ? `Reading area ${area} of ${fileName}…` : `Reading ${fileName}…`);
    setError(null);
    const r = await api.result('scenarios:importTrace', { text, fileName, scenario: source, ...(area ? { area } : {}) });
    setBusy(null);
    if (!r.ok || !r.value.scenario) {
      // The trace reader's message names the line or says how to record the events; never a stack or the API's method.
      setError(r.ok ? `${fileName}: the import returned no scenario` : importErrorText(fileName, r.error));
      return;
    }
    onChange(withTrace(draft, base, r.value.scenario, { fileName, text, area, result: r.value.trace }));
  };

  const pick = async (file: File) => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      setError(`${file.name}: could not be read (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    // Empty, trace-cmd's trace.dat, another binary file: said here, before any call.
    const read = readTraceBytes(file.name, bytes);
    if (!read.ok) {
      setError(read.error);
      return;
    }
    await load(file.name, read.text, null);
  };

  const areas = trace ? traceAreas(trace.result) : [];
  // The form's region as it stands (the imported scenario with the edits since).
  const regionPath = 'machine.regionMiB';
  const regionMiB = Number(regionPath in draft.overrides ? draft.overrides[regionPath] : getPath(base, regionPath));
  const sizeWarning = trace ? areaSizeWarning(trace.result, trace.area, regionMiB) : null;
  // The imported scenario (base) against the form as it was before the import: did the trace lengthen the run?
  const lengthened = trace ? lengthenedText(traceSource(draft, base, scenarios)?.durationS, base.durationS) : null;
  const sourceName = trace ? (typeof trace.before.scenario === 'string' ? trace.before.scenario : trace.before.scenario.name) : null;

  return (
    <div className="trace-replay">
      <div className="trace-replay-bar">
        <input
          ref={input}
          type="file"
          hidden
          aria-label="CMA trace file to replay"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void pick(f);
            e.target.value = '';
          }}
        />
        <button type="button" className="btn sm" disabled={busy !== null} onClick={() => input.current?.click()}>
          <IconUpload /> {trace ? 'Replay another trace…' : 'Replay a CMA trace…'}
        </button>
        {trace ? (
          <button type="button" className="btn ghost sm" disabled={busy !== null} onClick={() => { setError(null); onChange(withoutTrace(draft)); }}>
            Remove trace
          </button>
        ) : (
          <span className="muted small">
            Replace the contiguous clients with the requests a device made: a text trace of the cma tracepoints (<code>/sys/kernel/tracing/trace</code>, <code>trace-cmd report</code> or <code>perf script</code>).
          </span>
        )}
        {busy && (
          <span className="muted small" role="status">
            {busy}
          </span>
        )}
      </div>
      {error && (
        <div className="notice error trace-error" role="alert">
          {error}
        </div>
      )}
      {trace && (
        <div className="trace-result" aria-label="Imported trace">
          <div>
            <strong>{trace.fileName}</strong>
            {trace.area && <span className="muted"> · area {trace.area}</span>}: {importHeadline(trace.result)}
          </div>
          <div className="muted small">
            {importDetails(trace.result)}. Replayed on <code>{sourceName}</code>: its contiguous clients are replaced, the machine and the background load stay.
          </div>
          {lengthened && (
            <div className="trace-lengthened small" role="status">
              {lengthened}
            </div>
          )}
          {areas.length > 1 && (
            <div className="trace-areas">
              <label htmlFor="trace-area">CMA area</label>
              <select id="trace-area" value={trace.area ?? ''} disabled={busy !== null} onChange={(e) => void load(trace.fileName, trace.text, e.target.value || null)}>
                <option value="">every area ({areas.reduce((n, [, c]) => n + c, 0)} requests)</option>
                {areas.map(([name, n]) => (
                  <option key={name} value={name}>
                    {name} ({n} request{n === 1 ? '' : 's'})
                  </option>
                ))}
              </select>
              <span className="muted small">The trace has {areas.length} CMA areas; the simulated machine has one region, so replay the area of the device you study.</span>
            </div>
          )}
          {areas.length === 1 && <div className="muted small">CMA area: {areas[0]![0]}</div>}
          {sizeWarning && (
            <div className="trace-size small" role="status">
              <span>{sizeWarning.text}</span>
              <button type="button" className="btn sm" disabled={busy !== null} onClick={() => onChange(setOverride(draft, base, regionPath, sizeWarning.mib))}>
                Use {sizeWarning.mib.toLocaleString('en-US')} MiB
              </button>
            </div>
          )}
          {trace.result.notes.length > 0 && (
            <ul className="trace-notes small">
              {trace.result.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
