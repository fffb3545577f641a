/*
 * Around the routed page: a page that throws while rendering (a bug, data it
 * did not expect) shows what went wrong and a way on, instead of React
 * unmounting the whole window to a blank one. The navigation sits outside,
 * so it keeps working; moving to another page (a new resetKey) clears the
 * error, and "Try again" renders the page afresh.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface PageErrorBoundaryProps {
  children: ReactNode;
  /** The route: a new value clears a caught error (the user moved on). */
  resetKey: string;
  /** Where "Back" leads when there is no history to go back to. */
  homeHref?: string;
}

interface State {
  error: Error | null;
  /** The resetKey the error was caught under. */
  key: string;
}

/** "RangeError: Maximum call stack size exceeded": what the page shows of a thrown value. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message || error.name;
  return String(error);
}

export class PageErrorBoundary extends Component<PageErrorBoundaryProps, State> {
  override state: State = { error: null, key: '' };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: PageErrorBoundaryProps, state: State): Partial<State> | null {
    // Remember the route the page failed on; another route starts clean.
    if (state.error === null) return state.key === props.resetKey ? null : { key: props.resetKey };
    if (state.key !== props.resetKey) return { error: null, key: props.resetKey };
    return null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The component stack, for a bug report; React has already logged the error itself.
    console.warn(`cmawb: the page failed to render: ${errorText(error)}`, info.componentStack ?? '');
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="page">
        <div className="notice error page-error" role="alert">
          <h2>This page failed to draw</h2>
          <p className="mono">{errorText(error)}</p>
          <p>The rest of the workbench still works: pick a page on the left, go back, or reload. Runs keep running.</p>
          <div className="page-error-actions">
            <button type="button" className="btn sm" onClick={() => this.setState({ error: null })}>
              Try again
            </button>
            <button
              type="button"
              className="btn sm"
              onClick={() => {
                if (history.length > 1) history.back();
                else location.hash = this.props.homeHref ?? '#/new';
              }}
            >
              Back
            </button>
            <button type="button" className="btn ghost sm" onClick={() => location.reload()}>
              Reload
            </button>
          </div>
        </div>
      </div>
    );
  }
}
