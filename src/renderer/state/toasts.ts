/* Transient messages: a run finished, an export was saved, an action failed. */
import { Store } from './store.ts';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
  /** Optional link, e.g. to the run that just finished. */
  href?: string;
  linkText?: string;
}

export class ToastStore extends Store<{ toasts: Toast[] }> {
  private next = 1;

  constructor() {
    super({ toasts: [] });
  }

  push(t: Omit<Toast, 'id'>, ms = t.kind === 'error' ? 8000 : 4000): void {
    const id = this.next++;
    this.setState((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id }] }));
    setTimeout(() => this.dismiss(id), ms);
  }

  error(e: unknown, prefix?: string): void {
    const msg = e instanceof Error ? e.message : String(e);
    this.push({ kind: 'error', text: prefix ? `${prefix}: ${msg}` : msg });
  }

  dismiss(id: number): void {
    this.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  }
}
