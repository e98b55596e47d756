// @ts-check
// The console page: tabs, filters, and one Server-Sent Events stream that brings the apps and
// the requests. EventSource reconnects by itself and sends the last event id, so the server
// resends only what the page missed.
import { renderApps } from './apps-pane.js';
import { API, byId, el } from './dom.js';
import { RequestDetail } from './request-detail.js';
import { RequestList } from './request-list.js';
import { TokenPanel } from './token-panel.js';

const detail = new RequestDetail();
const list = new RequestList((summary) => void detail.show(summary));
const tokens = new TokenPanel();
const status = byId('status');
/** @type {string | undefined} */
let instance;

for (const tab of document.querySelectorAll('[role=tab]')) {
  tab.addEventListener('click', () => {
    const name = /** @type {HTMLElement} */ (tab).dataset.tab;
    for (const other of document.querySelectorAll('[role=tab]')) other.setAttribute('aria-selected', String(other === tab));
    for (const panel of document.querySelectorAll('[role=tabpanel]')) {
      /** @type {HTMLElement} */ (panel).hidden = panel.id !== `tab-${name}`;
    }
    if (name === 'requests') list.schedule();
  });
}

const filters = /** @type {HTMLFormElement} */ (byId('filters'));
const readFilters = () => {
  const data = new FormData(filters);
  list.setFilters({
    app: String(data.get('app') ?? ''),
    status: String(data.get('status') ?? ''),
    decision: String(data.get('decision') ?? ''),
    text: String(data.get('text') ?? ''),
  });
};
filters.addEventListener('input', readFilters);
filters.addEventListener('submit', (event) => event.preventDefault());
byId('clear').addEventListener('click', () => {
  list.reset();
  detail.close();
});

const events = new EventSource(`${API}/events`);
events.addEventListener('open', () => setStatus('live', 'live'));
events.addEventListener('error', () => setStatus('reconnecting', 'reconnecting…'));
events.addEventListener('hello', (event) => {
  const hello = JSON.parse(/** @type {MessageEvent} */ (event).data);
  // A new `pnpm dev` numbers requests afresh: what the page holds belongs to the previous one.
  if (instance !== undefined && instance !== hello.instance) list.reset();
  instance = hello.instance;
  list.capacity = hello.capacity;
  byId('stage').textContent = hello.stage;
  byId('gateway').textContent = hello.gatewayUrl;
  byId('empty-example').textContent = `curl ${hello.gatewayUrl}/<base path>/…`;
  tokens.setInfo(hello);
});
events.addEventListener('apps', (event) => {
  const apps = JSON.parse(/** @type {MessageEvent} */ (event).data);
  renderApps(apps);
  tokens.setApps(apps);
  const select = /** @type {HTMLSelectElement} */ (byId('filter-app'));
  const chosen = select.value;
  select.replaceChildren(
    el('option', { value: '' }, 'all'),
    ...apps.map((/** @type {{ name: string }} */ app) => el('option', { value: app.name }, app.name)),
  );
  select.value = chosen;
});
events.addEventListener('requests', (event) => list.add(JSON.parse(/** @type {MessageEvent} */ (event).data)));

/**
 * @param {string} state
 * @param {string} text
 */
function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}
