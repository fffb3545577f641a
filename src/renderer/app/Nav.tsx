/* Left navigation: the six pages, live-run count, theme switch, connection state. */
import { useStores } from '../state/context.tsx';
import { useStore } from '../state/store.ts';
import { isOffline } from '../state/connection.ts';
import { href, type Route } from './router.ts';
import { activeCount, liveBadge } from './live-badge.ts';
import { setThemeChoice, useThemeChoice, type ThemeChoice } from './theme.ts';
import { BrandMark, IconActivity, IconCompare, IconList, IconPlug, IconPlus } from '../components/common/icons.tsx';

export function Nav({ route }: { route: Route }) {
  const { live, runs, connection, catalog } = useStores();
  const active = useStore(live, activeCount);
  const selected = useStore(runs, (s) => s.selected);
  const conn = useStore(connection, (s) => s);
  const badge = liveBadge(active, isOffline(conn));
  const app = useStore(catalog, (s) => s.app);
  const choice = useThemeChoice();

  const cur = (p: Route['page'] | Route['page'][]) => ((Array.isArray(p) ? p : [p]).includes(route.page) ? 'page' : undefined);
  const compareHref = selected.length >= 2 ? href.compare(selected) : route.page === 'compare' ? location.hash : href.runs();

  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        <BrandMark className="brand-mark" />
        <div>
          <div className="brand-name">CMA Workbench</div>
          <div className="brand-sub">contiguous memory lab</div>
        </div>
      </div>
      <a href={href.new()} aria-current={cur('new')}>
        <IconPlus /> New experiment
      </a>
      <a href={href.live()} aria-current={cur('live')}>
        <IconActivity /> Live runs
        {badge && (
          <span className={`count${badge.stale ? ' stale' : ''}`} aria-label={badge.label} title={badge.label}>
            {badge.text}
          </span>
        )}
      </a>
      <a href={href.runs()} aria-current={cur(['runs', 'run'])}>
        <IconList /> Runs
      </a>
      <a href={compareHref} aria-current={cur('compare')} title={selected.length < 2 ? 'Select 2 to 20 runs in Runs to compare them' : undefined}>
        <IconCompare /> Compare
        {selected.length >= 2 && <span className="count">{selected.length}</span>}
      </a>
      <a href={href.plugins()} aria-current={cur('plugins')}>
        <IconPlug /> Plugins
      </a>
      <div className="nav-foot">
        <div className="segmented" role="group" aria-label="Theme">
          {(['system', 'light', 'dark'] as ThemeChoice[]).map((c) => (
            <button key={c} type="button" aria-pressed={choice === c} onClick={() => setThemeChoice(c)}>
              {c[0]!.toUpperCase() + c.slice(1)}
            </button>
          ))}
        </div>
        <div className="conn" aria-live="polite">
          <span className={`dot ${conn.connected === false ? 'off' : ''}`} />
          {conn.electron ? 'desktop' : conn.connected === false ? 'reconnecting…' : 'browser mode'}
          {app && <span className="faint" style={{ marginLeft: 'auto' }}>v{app.version}</span>}
        </div>
      </div>
    </nav>
  );
}
