/*
 * A page that throws while rendering (not in the navigation): #/bench/crash.
 * The browser test opens it to check that a page's render error shows the
 * error boundary's message with the navigation still working, not a blank
 * window.
 */
export const CRASH_MESSAGE = 'this page throws on purpose (#/bench/crash), to check the error boundary';

export function RenderCrash(): never {
  throw new Error(CRASH_MESSAGE);
}
