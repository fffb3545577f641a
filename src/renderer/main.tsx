/*
 * Renderer entry: pick the transport (Electron's preload bridge, else the
 * browser-mode server that served this page), build the stores, render.
 */
import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { createApiClient } from '../shared/client.ts';
import { createWebTransport } from '../shared/web-transport.ts';
import type {} from '../shared/global.d.ts';
import { createStores } from './state/context.tsx';
import { ConnectionStore } from './state/connection.ts';
import { App } from './app/App.tsx';
import { initTheme } from './app/theme.ts';
import './styles/theme.css';
import './styles/app.css';
import './styles/pages.css';

initTheme();

const connection = new ConnectionStore(!!window.api);
const transport = window.api ?? createWebTransport({ onConnection: (up) => connection.set(up) });
const stores = createStores(createApiClient(transport), connection);
void stores.catalog.load();
void stores.live.load();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App stores={stores} />
  </StrictMode>,
);
