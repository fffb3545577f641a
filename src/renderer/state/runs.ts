/*
 * The run history: the filtered list, the selection (for compare, export,
 * delete) and the edits made from the table. Filtering happens in the store
 * (SQL), so the table stays fast with thousands of runs; the list refreshes
 * itself when a run changes state.
 */
import type { ApiClient } from '../../shared/client.ts';
import type { RunListFilter } from '../../shared/schemas.ts';
import type { ImportResult, RunInfo } from '../../shared/types.ts';
import type { LiveStore } from './live.ts';
import { Store, type Remote } from './store.ts';

export const PAGE_SIZE = 500;

export interface RunsState {
  filter: RunListFilter;
  list: Remote<{ runs: RunInfo[]; total: number }>;
  selected: number[];
  /** Every tag seen in any listing, for the tag filter. */
  knownTags: string[];
}

export class RunsStore extends Store<RunsState> {
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly live: LiveStore,
  ) {
    super({ filter: {}, list: { state: 'idle' }, selected: [], knownTags: [] });
    // Debounced: a sweep of 50 runs finishing together should cost one query.
    live.onStatusChange(() => this.refreshSoon(400));
    // Deletes and imports in another tab or window (and this one: the refresh is debounced into one).
    api.on('runs:deleted', (e) => {
      this.setState({ selected: this.state.selected.filter((id) => !e.ids.includes(id)) });
      this.refreshSoon(150);
    });
    api.on('runs:imported', () => this.refreshSoon(150));
  }

  setFilter(patch: Partial<RunListFilter>): void {
    const filter = { ...this.state.filter, ...patch };
    for (const k of Object.keys(filter) as (keyof RunListFilter)[]) if (filter[k] === '' || filter[k] === undefined) delete filter[k];
    this.setState({ filter });
    this.refreshSoon(patch.text !== undefined ? 150 : 0);
  }

  clearFilter(): void {
    this.setState({ filter: {} });
    this.refreshSoon(0);
  }

  refreshSoon(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), ms);
  }

  async refresh(): Promise<void> {
    const seq = ++this.seq;
    const prev = this.state.list.state === 'ready' ? this.state.list.value : undefined;
    this.setState({ list: prev ? { state: 'loading', prev } : { state: 'loading' } });
    try {
      const value = await this.api.call('runs:list', { ...this.state.filter, limit: PAGE_SIZE });
      if (seq !== this.seq) return;
      const tags = new Set(this.state.knownTags);
      for (const r of value.runs) for (const t of r.tags) tags.add(t);
      // The selection survives filtering on purpose: pick runs under one filter, more under another, compare.
      this.setState({ list: { state: 'ready', value }, knownTags: [...tags].sort() });
    } catch (e) {
      if (seq !== this.seq) return;
      this.setState({ list: prev ? { state: 'error', message: (e as Error).message, prev } : { state: 'error', message: (e as Error).message } });
    }
  }

  toggle(id: number, on?: boolean): void {
    const has = this.state.selected.includes(id);
    const want = on ?? !has;
    if (want === has) return;
    this.setState({ selected: want ? [...this.state.selected, id] : this.state.selected.filter((x) => x !== id) });
  }

  select(ids: number[]): void {
    this.setState({ selected: ids });
  }

  private patchRun(id: number, patch: Partial<RunInfo>): void {
    const l = this.state.list;
    if (l.state !== 'ready') return;
    this.setState({ list: { state: 'ready', value: { ...l.value, runs: l.value.runs.map((r) => (r.id === id ? { ...r, ...patch } : r)) } } });
  }

  async setTags(run: RunInfo, tags: string[]): Promise<void> {
    const add = tags.filter((t) => !run.tags.includes(t));
    const remove = run.tags.filter((t) => !tags.includes(t));
    if (add.length) await this.api.call('runs:tag', { ids: [run.id], tags: add });
    if (remove.length) await this.api.call('runs:untag', { ids: [run.id], tags: remove });
    this.patchRun(run.id, { tags });
    const known = new Set([...this.state.knownTags, ...tags]);
    this.setState({ knownTags: [...known].sort() });
  }

  async tagMany(ids: number[], tag: string): Promise<void> {
    const r = await this.api.call('runs:tag', { ids, tags: [tag] });
    for (const x of r.runs) this.patchRun(x.id, { tags: x.tags });
    this.setState({ knownTags: [...new Set([...this.state.knownTags, tag])].sort() });
  }

  async setNotes(id: number, notes: string): Promise<void> {
    await this.api.call('runs:note', { id, notes });
    this.patchRun(id, { notes });
  }

  async remove(ids: number[]): Promise<number[]> {
    const { deleted } = await this.api.call('runs:delete', { ids });
    this.setState({ selected: this.state.selected.filter((id) => !deleted.includes(id)) });
    // At once here; other tabs hear the server's runs:deleted.
    this.live.forget(deleted);
    await this.refresh();
    return deleted;
  }

  async importArchive(file: File): Promise<ImportResult> {
    const base64 = await fileToBase64(file);
    const r = await this.api.call('runs:import', { base64, fileName: file.name });
    await this.refresh();
    return r;
  }
}

export async function fileToBase64(file: Blob): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(bin);
}
