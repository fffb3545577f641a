/*
 * The shell: left navigation, the routed page, toasts. Also the one place
 * that turns run status events into notifications, so a run finishing while
 * the user reads another page is not missed, and that reloads the live state
 * after the event connection comes back (state/live-sync.ts). A page that
 * throws while rendering shows its error in place (PageErrorBoundary) and
 * leaves the navigation working.
 */
import { useEffect } from 'react';
import { StoresProvider, useStores, type Stores } from '../state/context.tsx';
import { resyncOnReconnect } from '../state/live-sync.ts';
import { Nav } from './Nav.tsx';
import { useRoute, href } from './router.ts';
import { Toasts } from '../components/common/Toasts.tsx';
import { NewExperimentPage } from '../pages/new/NewExperimentPage.tsx';
import { LiveRunsPage } from '../pages/live/LiveRunsPage.tsx';
import { RunsPage } from '../pages/runs/RunsPage.tsx';
import { RunDetailPage } from '../pages/detail/RunDetailPage.tsx';
import { ComparePage } from '../pages/compare/ComparePage.tsx';
import { PluginsPage } from '../pages/plugins/PluginsPage.tsx';
import { Empty } from '../components/common/Empty.tsx';
import { MapBench } from '../pages/bench/MapBench.tsx';
import { RenderCrash } from '../pages/bench/RenderCrash.tsx';
import { PageErrorBoundary } from '../components/common/PageErrorBoundary.tsx';

export function App({ stores }: { stores: Stores }) {
  return (
    <StoresProvider stores={stores}>
      <Shell />
    </StoresProvider>
  );
}

function Shell() {
  const route = useRoute();
  const stores = useStores();
  const { live, toasts } = stores;

  useEffect(() => resyncOnReconnect(stores), [stores]);

  useEffect(
    () =>
      live.onStatusChange((id, status) => {
        const name = live.getState().runs[id]?.info?.name ?? `run ${id}`;
        if (status === 'completed') toasts.push({ kind: 'success', text: `${name} completed.`, href: href.run(id), linkText: 'Open' });
        if (status === 'failed') toasts.push({ kind: 'error', text: `${name} failed: ${live.getState().runs[id]?.error ?? 'see its detail page'}`, href: href.run(id), linkText: 'Details' });
      }),
    [live, toasts],
  );

  // Move focus to the page heading on navigation so keyboard and screen-reader users land on the new page.
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [route.page]);

  let page: React.ReactNode;
  switch (route.page) {
    case 'new':
      page = <NewExperimentPage from={route.from} />;
      break;
    case 'live':
      page = <LiveRunsPage />;
      break;
    case 'runs':
      page = <RunsPage />;
      break;
    case 'run':
      page = <RunDetailPage key={route.id} id={route.id} />;
      break;
    case 'compare':
      page = <ComparePage key={route.ids.join(',')} ids={route.ids} />;
      break;
    case 'plugins':
      page = <PluginsPage />;
      break;
    case 'bench':
      page = route.name === 'memmap' ? <MapBench query={route.query} /> : route.name === 'crash' ? <RenderCrash /> : null;
      break;
    default:
      page = (
        <div className="page">
          <Empty title="Nothing here">
            <a href={href.new()}>Start a new experiment</a>
          </Empty>
        </div>
      );
  }

  return (
    <div className="app">
      <Nav route={route} />
      <main className="main" id="main">
        <PageErrorBoundary resetKey={location.hash} homeHref={href.new()}>
          {page}
        </PageErrorBoundary>
      </main>
      <Toasts />
    </div>
  );
}
