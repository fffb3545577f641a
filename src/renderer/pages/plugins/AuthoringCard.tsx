/*
 * How to add a policy, in four lines, with the paths that apply to this
 * installation: where user plugins load from and where the full guide
 * (docs/plugins.md) lives. The guide opens from here: browser mode links to
 * the copy the workbench server shows at /docs/plugins.md, the desktop app
 * asks main to open the file (app:openDocs). Paths are also shown to copy.
 */
import type { AppInfo } from '../../../shared/types.ts';
import { IconBook, IconCopy } from '../../components/common/icons.tsx';
import { useStores } from '../../state/context.tsx';

function CopyPath({ path, label }: { path: string; label: string }) {
  const { toasts } = useStores();
  return (
    <span className="copy-path">
      <code>{path}</code>
      <button
        type="button"
        className="btn ghost sm icon"
        aria-label={`Copy ${label}`}
        title="Copy"
        onClick={() =>
          navigator.clipboard?.writeText(path).then(
            () => toasts.push({ kind: 'info', text: `Copied ${path}` }),
            () => toasts.push({ kind: 'error', text: 'The clipboard is not available here; select the path instead.' }),
          )
        }
      >
        <IconCopy />
      </button>
    </span>
  );
}

/** Opens docs/<name>: a plain link in browser mode, main's vetted opener in the desktop app. */
export function DocLink({ app, name, children }: { app: AppInfo | null; name: string; children: React.ReactNode }) {
  const { api, toasts } = useStores();
  if (app?.mode !== 'electron') {
    return (
      <a href={`/docs/${name}`} target="_blank" rel="noopener noreferrer" className="doc-link">
        <IconBook /> {children}
      </a>
    );
  }
  return (
    <button
      type="button"
      className="btn sm"
      onClick={() =>
        api.call('app:openDocs', { name }).then(
          (r) => {
            if (!r.opened) toasts.push({ kind: 'info', text: `The guide is at ${r.path}` });
          },
          (e) => toasts.error(e, 'Open the guide'),
        )
      }
    >
      <IconBook /> {children}
    </button>
  );
}

export function AuthoringCard({ app }: { app: AppInfo | null }) {
  const guide = app ? `${app.docsPath}/plugins.md` : 'docs/plugins.md';
  return (
    <section className="card" aria-labelledby="author-h" style={{ marginTop: 16 }}>
      <div className="card-head">
        <h2 id="author-h">Writing a policy plugin</h2>
        <span className="hint">policies are plugins written against the SDK only; the built-ins are the examples to copy</span>
      </div>
      <div className="card-body">
        <ol className="steps">
          <li>
            <code>npx cmawb plugin new my-policy</code> writes a working plugin into the user plugin folder{' '}
            {app?.pluginsPath ? <CopyPath path={app.pluginsPath} label="the plugin folder path" /> : null}; or copy a built-in folder there (
            <code>plugins/legacy-cma</code> is the smallest).
          </li>
          <li>
            Edit its <code>manifest.json</code> (parameters, presets: this page’s forms come from it) and <code>index.ts</code> (the hooks).
          </li>
          <li>
            Check it without the UI: <code>npx cmawb plugin check {app?.pluginsPath ? `${app.pluginsPath}/my-policy` : 'PATH'}</code>; then press <strong>Reload</strong> here.
          </li>
          <li>
            The guide (manifest, parameter schema, presets, hooks, what costs virtual time):{' '}
            <DocLink app={app} name="plugins.md">
              Open the plugin guide
            </DocLink>{' '}
            <CopyPath path={guide} label="the path of the plugin guide" />
          </li>
        </ol>
      </div>
    </section>
  );
}
