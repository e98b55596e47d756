// @ts-check
// Every app: base path, owner, routes with their requirement, and its worker right now
// (cold / starting / warm, the version `live` names, restarts). Pushed again whenever it changes.
import { byId, el } from './dom.js';

/**
 * @typedef {{ key: string, method: string, path: string, auth: { public: true, reason: string } | { public: false, scopes: string[] } }} RouteView
 * @typedef {{ name: string, owner: string, basePath: string, functionName: string, memoryMb: number, timeoutSeconds: number, routes: RouteView[], worker: { live?: string, latest?: string, worker: 'cold' | 'starting' | 'warm', restarts: number, coldStarts: number, reservedConcurrency?: number, workers: { busy: number, idle: number, starting: number, queued: number, max: number } } }} AppView
 */

/** @param {AppView[]} apps */
export function renderApps(apps) {
  const container = byId('apps');
  if (apps.length === 0) {
    container.replaceChildren(el('p', { class: 'empty' }, 'No app is served: add one with pnpm create-app <name>.'));
    return;
  }
  container.replaceChildren(...apps.map(card));
}

/** @param {AppView} app */
function card(app) {
  const { worker } = app;
  const rolledBack = worker.live !== undefined && worker.latest !== undefined && worker.live !== worker.latest;
  const routes = el('table', { class: 'routes' }, el('tr', {}, el('th', {}, 'Method'), el('th', {}, 'Path'), el('th', {}, 'Requires')));
  for (const route of app.routes) {
    const requires = route.auth.public
      ? el('span', { class: 'public', title: route.auth.reason }, `public — ${route.auth.reason}`)
      : el('span', { class: 'scopes' }, route.auth.scopes.length === 0 ? 'any valid token' : route.auth.scopes.join(' '));
    routes.append(
      el(
        'tr',
        {},
        el('td', { class: 'method' }, route.method),
        el('td', {}, route.key === '$default' ? '$default (any other path)' : route.path),
        el('td', {}, requires),
      ),
    );
  }
  return el(
    'article',
    { class: 'app', 'data-app': app.name },
    el(
      'header',
      {},
      el('h2', {}, app.name),
      el('code', {}, app.basePath),
      el('span', { class: 'muted' }, `owner ${app.owner}`),
      el('span', { class: `worker w-${worker.worker}`, title: 'the execution environment of the version live names' }, worker.worker),
      el(
        'span',
        {
          class: rolledBack ? 'pill warn' : 'pill',
          title: rolledBack ? 'live was moved back (rollback)' : 'live names the latest version',
        },
        `live → v${worker.live ?? '?'}${rolledBack ? ` (latest v${worker.latest})` : ''}`,
      ),
      el('span', { class: worker.restarts > 0 ? 'pill warn' : 'pill' }, `${worker.restarts} restart${worker.restarts === 1 ? '' : 's'}`),
      el(
        'span',
        {
          class: 'pill',
          title: `workers of the live version: one request each at a time, at most ${worker.workers.max}${worker.reservedConcurrency === undefined ? '' : ` (reserved concurrency ${worker.reservedConcurrency})`}; idle ones retire`,
        },
        `${worker.workers.busy + worker.workers.idle + worker.workers.starting}/${worker.workers.max} workers · ${worker.workers.busy} busy${worker.workers.queued > 0 ? ` · ${worker.workers.queued} queued` : ''} · ${worker.coldStarts} cold start${worker.coldStarts === 1 ? '' : 's'}`,
      ),
    ),
    el('p', { class: 'muted' }, `${app.functionName} · ${app.memoryMb} MB · ${app.timeoutSeconds} s`),
    routes,
  );
}
