/*
 * The renderer's state layer, after GitHub Desktop's stores: a store owns one
 * resource, changes it only through its own methods, and tells subscribers.
 * React reads a store through useStore (useSyncExternalStore), so a component
 * re-renders when the slice it selected changes and never owns server data.
 */
import { useCallback, useRef, useSyncExternalStore } from 'react';

export type Listener = () => void;

export class Store<S> {
  private listeners = new Set<Listener>();

  constructor(protected state: S) {}

  getState = (): S => this.state;

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  protected setState(patch: Partial<S> | ((s: S) => S)): void {
    this.state = typeof patch === 'function' ? patch(this.state) : { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }
}

/**
 * Select a slice; re-render only when it changes by Object.is (or `equal`).
 * The selection is cached per (state, selector) so selectors may build
 * arrays: useSyncExternalStore requires repeated reads to return the same value.
 */
export function useStore<S, T>(store: Store<S>, select: (s: S) => T, equal: (a: T, b: T) => boolean = Object.is): T {
  const last = useRef<{ s: S; select: (s: S) => T; v: T } | null>(null);
  const get = useCallback(() => {
    const s = store.getState();
    const prev = last.current;
    if (prev && prev.s === s && prev.select === select) return prev.v;
    const v = select(s);
    const keep = prev !== null && equal(prev.v, v);
    last.current = { s, select, v: keep ? prev.v : v };
    return last.current.v;
  }, [store, select, equal]);
  return useSyncExternalStore(store.subscribe, get, get);
}

/** Loading state of one remote resource. */
export type Remote<T> =
  | { state: 'idle' }
  | { state: 'loading'; prev?: T }
  | { state: 'ready'; value: T }
  | { state: 'error'; message: string; prev?: T };

export function remoteValue<T>(r: Remote<T>): T | undefined {
  if (r.state === 'ready') return r.value;
  if (r.state === 'loading' || r.state === 'error') return r.prev;
  return undefined;
}

/** Element-wise Object.is, for selectors that return arrays. */
export function shallowEqual<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}
