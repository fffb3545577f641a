/*
 * What the handlers work on. Built once by the composition root
 * (services.ts) for browser mode, the Electron main process and the tests;
 * the host capabilities are what only a desktop shell can do (dialogs, the
 * file manager, the system browser) and are absent in browser mode.
 */
import type { ApiEvent, ApiEvents } from '../../shared/api.ts';
import type { RunManager } from '../runs/index.ts';
import type { WorkbenchStore } from '../store/index.ts';
import type { PolicyCatalog } from './catalog.ts';

export interface HostShell {
  /** Ask where to save a file; null when the user cancels. */
  chooseSavePath?(defaultName: string): Promise<string | null>;
  /** Ask for a folder; null when the user cancels. */
  chooseDirectory?(defaultPath: string): Promise<string | null>;
  /** Show a folder in the file manager. */
  openPath?(path: string): Promise<boolean>;
  /** Open a vetted https link in the system browser (the shell's security module decides). */
  openExternal?(url: string): Promise<boolean>;
  /** Open a markdown file of the docs folder with the system's viewer (the shell's security module checks it). */
  openDoc?(path: string): Promise<boolean>;
}

export interface AppPaths {
  dbPath: string;
  docsPath: string;
  /** Folder user plugins load from (null until the plugin host defines one). */
  pluginsPath: string | null;
  /** Where exports go when no path is given and no dialog is available. */
  exportsPath: string;
}

export interface ApiContext {
  mode: 'electron' | 'browser';
  appVersion: string;
  store: WorkbenchStore;
  runs: RunManager;
  catalog: PolicyCatalog;
  paths: AppPaths;
  host: HostShell;
  /** Push an event to every subscriber of every transport. */
  emit<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void;
}
