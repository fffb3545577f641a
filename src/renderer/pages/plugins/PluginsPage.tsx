/*
 * Plugins the host found: version, SDK range, folder, status or the error
 * that kept one from loading. Reload rescans the folders; "Open folder" is
 * an Electron-only action (a browser cannot open the file manager).
 */
import { useStores } from '../../state/context.tsx';
import { remoteValue, useStore } from '../../state/store.ts';
import { Empty } from '../../components/common/Empty.tsx';
import { IconBook, IconFolder, IconRefresh } from '../../components/common/icons.tsx';
import { AuthoringCard } from './AuthoringCard.tsx';

export function PluginsPage() {
  const { catalog, api, toasts } = useStores();
  const plugins = useStore(catalog, (s) => s.plugins);
  const policies = useStore(catalog, (s) => remoteValue(s.policies)) ?? [];
  const reloading = useStore(catalog, (s) => s.reloading);
  const app = useStore(catalog, (s) => s.app);
  const list = remoteValue(plugins) ?? [];
  const electron = app?.mode === 'electron';
  const errors = list.filter((p) => p.status === 'error').length;

  const openFolder = async (name?: string) => {
    try {
      const r = await api.call('plugins:openFolder', name ? { name } : {});
      if (!r.opened) toasts.push({ kind: 'info', text: `Plugin folder: ${r.path}` });
    } catch (e) {
      toasts.error(e, 'Open folder');
    }
  };

  return (
    <div className="page">
      <header className="page-header">
        <div className="titles">
          <h1 tabIndex={-1}>Plugins</h1>
          <div className="sub">
            {list.length} plugin{list.length === 1 ? '' : 's'} · {policies.length} polic{policies.length === 1 ? 'y' : 'ies'} available
            {errors ? ` · ${errors} failed to load` : ''}
            {app?.pluginsPath && (
              <>
                {' '}
                · user plugins load from <code>{app.pluginsPath}</code>
              </>
            )}
          </div>
        </div>
        <div className="actions">
          {/* Not an anchor link: the hash is the router's. */}
          <button type="button" className="btn" onClick={() => document.getElementById('author-h')?.scrollIntoView({ behavior: 'smooth' })}>
            <IconBook /> Writing a plugin
          </button>
          {electron && (
            <button type="button" className="btn" onClick={() => void openFolder()}>
              <IconFolder /> Open plugin folder
            </button>
          )}
          <button
            type="button"
            className="btn primary"
            disabled={reloading}
            onClick={() =>
              catalog.reloadPlugins().then(
                () => toasts.push({ kind: 'success', text: 'Plugins reloaded.' }),
                (e) => toasts.error(e, 'Reload'),
              )
            }
          >
            <IconRefresh /> {reloading ? 'Reloading…' : 'Reload'}
          </button>
        </div>
      </header>
      <div className="card">
        {plugins.state === 'error' && <div className="notice error">{plugins.message}</div>}
        {list.length === 0 && plugins.state === 'ready' ? (
          <Empty title="No plugins found" />
        ) : (
          <div className="table-wrap">
            <table className="table plugin-table">
              <thead>
                <tr>
                  <th>Plugin</th>
                  <th>Version</th>
                  <th>SDK range</th>
                  <th>Status</th>
                  <th>Source</th>
                  {electron && <th />}
                </tr>
              </thead>
              <tbody>
                {list.map((p) => {
                  const pol = policies.find((x) => x.name === p.name);
                  return (
                    <tr key={`${p.name}-${p.dir ?? 'builtin'}`}>
                      <td>
                        <div className="pname">{p.name}</div>
                        {pol && <div className="sub clamp2">{pol.description}</div>}
                        {p.error && <div className="plugin-error mono">{p.error}</div>}
                      </td>
                      <td className="mono">{p.version ?? '–'}</td>
                      <td className="mono">{p.sdk ?? '–'}</td>
                      <td>
                        <span className={`badge ${p.status === 'loaded' ? 'completed' : p.status === 'error' ? 'failed' : 'queued'}`}>{p.status}</span>
                      </td>
                      <td>
                        {p.builtin ? <span className="chip">built-in</span> : <span className="chip tag">user</span>}
                        {p.dir && <div className="sub mono path">{p.dir}</div>}
                      </td>
                      {electron && (
                        <td>
                          {p.dir && (
                            <button type="button" className="btn ghost sm" aria-label={`Open the folder of ${p.name}`} onClick={() => void openFolder(p.name)}>
                              <IconFolder />
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <AuthoringCard app={app} />
      {app && (
        <div className="faint small" style={{ marginTop: 12 }}>
          Engine {app.engineVersion} · plugin SDK {app.sdkVersion} · plugins declare the SDK range they support; one outside it is not loaded.
        </div>
      )}
    </div>
  );
}
