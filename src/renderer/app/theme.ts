/*
 * Light/dark theme: follows prefers-color-scheme until the user picks one,
 * then remembers the choice. The resolved theme is set as data-theme on
 * <html> (CSS variables switch on it) and exposed to canvas/uPlot code,
 * which cannot read CSS media queries.
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'cmawb.theme';
const listeners = new Set<() => void>();
const media = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

let choice: ThemeChoice = stored();

export function resolvedTheme(): Theme {
  if (choice !== 'system') return choice;
  return media?.matches ? 'dark' : 'light';
}

function apply(): void {
  document.documentElement.dataset['theme'] = resolvedTheme();
  for (const l of [...listeners]) l();
}

export function initTheme(): void {
  apply();
  media?.addEventListener('change', () => {
    if (choice === 'system') apply();
  });
}

export function setThemeChoice(c: ThemeChoice): void {
  choice = c;
  try {
    if (c === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, c);
  } catch {
    // Private mode: the choice lasts for this page.
  }
  apply();
}

export function themeChoice(): ThemeChoice {
  return choice;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, resolvedTheme, resolvedTheme);
}

export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribe, themeChoice, themeChoice);
}

/** Read a CSS variable of the current theme (for canvas and chart code). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
