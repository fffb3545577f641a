/*
 * Export actions shared by the history table and the run detail page: an
 * archive of runs and the CSV files of one run. In Electron main writes the
 * files (and says where); in browser mode the bytes come back and download.
 */
import type { Stores } from '../../state/context.tsx';
import { downloadBase64, downloadText } from '../../lib/download.ts';
import { formatBytes } from '../../lib/format.ts';

export async function exportArchive(stores: Stores, ids: number[]): Promise<void> {
  const { api, toasts } = stores;
  try {
    const r = await api.call('runs:export', { ids });
    if (r.kind === 'download') {
      downloadBase64(r.fileName, r.base64);
      toasts.push({ kind: 'success', text: `Exported ${r.runs} run${r.runs > 1 ? 's' : ''} (${formatBytes(r.bytes)}) as ${r.fileName}.` });
    } else if (r.kind === 'file') {
      toasts.push({ kind: 'success', text: `Exported ${r.runs} run${r.runs > 1 ? 's' : ''} to ${r.path} (${formatBytes(r.bytes)}).` });
    }
  } catch (e) {
    toasts.error(e, 'Export');
  }
}

export async function exportCsv(stores: Stores, id: number): Promise<void> {
  const { api, toasts } = stores;
  try {
    const r = await api.call('runs:exportCsv', { id });
    if (r.kind === 'download') {
      // The server names them already (run-ID-requests.csv, ...).
      for (const f of r.files) downloadText(f.name, f.text, f.name.endsWith('.json') ? 'application/json' : 'text/csv');
      toasts.push({ kind: 'success', text: `Downloaded ${r.files.map((f) => f.name).join(', ')} of run ${id}.` });
    } else if (r.kind === 'files') {
      toasts.push({ kind: 'success', text: `Wrote ${r.paths.length} files to ${r.dir}.` });
    }
  } catch (e) {
    toasts.error(e, 'CSV export');
  }
}
