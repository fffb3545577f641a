/*
 * What the app can run: scenarios, policies (with parameter schemas),
 * plugins and app info. Loaded once; plugins refresh on `plugins:changed`
 * and after a reload.
 */
import type { ApiClient } from '../../shared/client.ts';
import type { AppInfo, PluginInfo, PolicyInfo, Scenario } from '../../shared/types.ts';
import { Store, type Remote } from './store.ts';

export interface CatalogState {
  scenarios: Remote<Scenario[]>;
  policies: Remote<PolicyInfo[]>;
  plugins: Remote<PluginInfo[]>;
  app: AppInfo | null;
  reloading: boolean;
}

export class CatalogStore extends Store<CatalogState> {
  constructor(private readonly api: ApiClient) {
    super({ scenarios: { state: 'idle' }, policies: { state: 'idle' }, plugins: { state: 'idle' }, app: null, reloading: false });
    api.on('plugins:changed', (plugins) => {
      this.setState({ plugins: { state: 'ready', value: plugins } });
      void this.loadPolicies();
    });
  }

  async load(): Promise<void> {
    await Promise.all([this.loadScenarios(), this.loadPolicies(), this.loadPlugins(), this.loadApp()]);
  }

  private async loadApp(): Promise<void> {
    try {
      this.setState({ app: await this.api.call('app:info') });
    } catch {
      // Only decorates the UI (mode, paths); the rest works without it.
    }
  }

  async loadScenarios(): Promise<void> {
    this.setState({ scenarios: { state: 'loading' } });
    try {
      this.setState({ scenarios: { state: 'ready', value: await this.api.call('scenarios:list') } });
    } catch (e) {
      this.setState({ scenarios: { state: 'error', message: (e as Error).message } });
    }
  }

  async loadPolicies(): Promise<void> {
    try {
      this.setState({ policies: { state: 'ready', value: await this.api.call('policies:list') } });
    } catch (e) {
      this.setState({ policies: { state: 'error', message: (e as Error).message } });
    }
  }

  async loadPlugins(): Promise<void> {
    try {
      this.setState({ plugins: { state: 'ready', value: await this.api.call('plugins:list') } });
    } catch (e) {
      this.setState({ plugins: { state: 'error', message: (e as Error).message } });
    }
  }

  async reloadPlugins(): Promise<void> {
    this.setState({ reloading: true });
    try {
      const plugins = await this.api.call('plugins:reload');
      this.setState({ plugins: { state: 'ready', value: plugins }, reloading: false });
      await this.loadPolicies();
    } catch (e) {
      this.setState({ reloading: false });
      throw e;
    }
  }
}
