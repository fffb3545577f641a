/* Minimal typed event emitter with disposable subscriptions (VS Code's Emitter habit). */

export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private listeners = new Set<(e: T) => void>();

  /** Subscribe; dispose() the returned handle to unsubscribe. */
  readonly event = (listener: (e: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** A throwing listener must not break the manager or the other listeners. */
  fire(e: T, onError?: (err: unknown) => void): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        onError?.(err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
