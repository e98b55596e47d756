// @ts-check
// The live request list: every summary the server pushed (up to the server's capacity), the
// ones the filters keep, and only the rows in view in the DOM (a fixed pool of row elements
// reused as the list scrolls), so ten thousand requests cost what thirty do.
import { byId, clock, el, statusClass } from './dom.js';

/** @typedef {{ id: string, seq: number, time: number, method: string, path: string, app?: string, routeKey?: string, status: number, latencyMs: number, decision: string, code?: string, cached?: boolean, sub?: string, version?: string }} Summary */

const ROW_HEIGHT = 26;
const COLUMNS = 8;

export class RequestList {
  /** @param {(summary: Summary) => void} onSelect */
  constructor(onSelect) {
    /** @type {Summary[]} oldest first */
    this.all = [];
    /** @type {Summary[]} the filtered subset, oldest first; shown newest first */
    this.shown = [];
    this.capacity = 5000;
    /** @type {string | undefined} */
    this.selected = undefined;
    this.filters = { app: '', status: '', decision: '', text: '' };
    this.onSelect = onSelect;
    this.viewport = byId('viewport');
    this.spacer = byId('spacer');
    this.count = byId('count');
    this.empty = byId('empty');
    /** @type {HTMLElement[]} */
    this.pool = [];
    this.scheduled = false;
    this.viewport.addEventListener('scroll', () => this.render());
    new ResizeObserver(() => this.render()).observe(this.viewport);
    this.viewport.addEventListener('click', (event) => {
      const row = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest('.row'));
      const summary = row?.dataset.id ? this.all.find((candidate) => candidate.id === row.dataset.id) : undefined;
      if (summary) this.select(summary);
    });
  }

  /** Everything the server sent since the page (re)connected to a new server: forget what came before. */
  reset() {
    this.all = [];
    this.shown = [];
    this.schedule();
  }

  /** @param {Summary[]} batch in arrival order */
  add(batch) {
    const wasAtTop = this.viewport.scrollTop < ROW_HEIGHT;
    let added = 0;
    for (const summary of batch) {
      if (this.all.length > 0 && summary.seq <= /** @type {Summary} */ (this.all.at(-1)).seq) continue; // a resend after reconnecting
      this.all.push(summary);
      if (this.matches(summary)) {
        this.shown.push(summary);
        added += 1;
      }
    }
    if (this.all.length > this.capacity) {
      this.all = this.all.slice(this.all.length - this.capacity);
      const oldest = /** @type {Summary} */ (this.all[0]).seq;
      let drop = 0;
      while (drop < this.shown.length && /** @type {Summary} */ (this.shown[drop]).seq < oldest) drop += 1;
      if (drop > 0) this.shown = this.shown.slice(drop);
    }
    // Newest rows go on top; someone reading further down keeps their place.
    if (!wasAtTop && added > 0) this.viewport.scrollTop += added * ROW_HEIGHT;
    this.schedule();
  }

  /** @param {Partial<typeof this.filters>} filters */
  setFilters(filters) {
    this.filters = { ...this.filters, ...filters };
    this.shown = this.all.filter((summary) => this.matches(summary));
    this.viewport.scrollTop = 0;
    this.schedule();
  }

  /** @param {Summary} summary */
  matches(summary) {
    const { app, status, decision, text } = this.filters;
    if (app !== '' && summary.app !== app) return false;
    if (decision !== '' && summary.decision !== decision) return false;
    if (status !== '') {
      if (status.endsWith('xx') ? statusClass(summary.status) !== `s${status}` : String(summary.status) !== status) return false;
    }
    return text === '' || summary.path.toLowerCase().includes(text.toLowerCase());
  }

  /** @param {Summary} summary */
  select(summary) {
    this.selected = summary.id;
    this.onSelect(summary);
    this.schedule();
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  render() {
    const total = this.shown.length;
    this.spacer.style.height = `${total * ROW_HEIGHT}px`;
    this.count.textContent = total === this.all.length ? `${total} requests` : `${total} of ${this.all.length} requests`;
    this.empty.hidden = this.all.length > 0;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - 5);
    const visible = Math.ceil(this.viewport.clientHeight / ROW_HEIGHT) + 10;
    const last = Math.min(total, first + visible);
    while (this.pool.length < visible) this.pool.push(this.viewport.appendChild(newRow()));
    for (let slot = 0; slot < this.pool.length; slot += 1) {
      const row = /** @type {HTMLElement} */ (this.pool[slot]);
      const index = first + slot;
      if (index >= last) {
        row.hidden = true;
        continue;
      }
      // Position 0 is the newest.
      fill(row, /** @type {Summary} */ (this.shown[total - 1 - index]), index, this.selected);
    }
  }
}

function newRow() {
  const row = el('div', { class: 'row', role: 'row' });
  for (let column = 0; column < COLUMNS; column += 1) row.append(el('span'));
  return row;
}

/**
 * @param {HTMLElement} row
 * @param {Summary} summary
 * @param {number} index
 * @param {string | undefined} selected
 */
function fill(row, summary, index, selected) {
  row.hidden = false;
  row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
  row.dataset.id = summary.id;
  row.dataset.decision = summary.decision;
  row.classList.toggle('selected', summary.id === selected);
  const cells = /** @type {HTMLElement[]} */ ([...row.children]);
  const decision = summary.decision + (summary.code ? ` · ${summary.code}` : '') + (summary.cached ? ' · cached' : '');
  const texts = [
    clock(summary.time),
    summary.method,
    summary.path,
    summary.app ?? '—',
    summary.routeKey ?? '—',
    String(summary.status),
    `${summary.latencyMs} ms`,
    decision,
  ];
  for (let column = 0; column < COLUMNS; column += 1) {
    const cell = /** @type {HTMLElement} */ (cells[column]);
    const text = /** @type {string} */ (texts[column]);
    if (cell.textContent !== text) {
      cell.textContent = text;
      cell.title = text;
    }
  }
  /** @type {HTMLElement} */ (cells[5]).className = `status ${statusClass(summary.status)}`;
  /** @type {HTMLElement} */ (cells[7]).className = `decision d-${summary.decision}`;
}
