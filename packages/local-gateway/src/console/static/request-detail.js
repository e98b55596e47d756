// @ts-check
// A request's detail: the decision and why, the event the function received, what it answered,
// what the client got, and the function's log lines for that request. "Copy as curl" asks the
// server for a command with the real credentials (the page itself only ever sees them redacted).
import { api, bodyText, byId, clock, copy, el, pretty, statusClass } from './dom.js';

/** @typedef {import('./request-list.js').Summary} Summary */

export class RequestDetail {
  constructor() {
    this.pane = byId('detail');
    /** @type {string | undefined} */
    this.current = undefined;
  }

  /** @param {Summary} summary */
  async show(summary) {
    this.current = summary.id;
    this.pane.hidden = false;
    this.pane.replaceChildren(el('p', { class: 'muted' }, 'loading…'));
    let detail;
    try {
      detail = await api(`/requests/${encodeURIComponent(summary.id)}`);
    } catch (error) {
      if (this.current === summary.id)
        this.pane.replaceChildren(this.toolbar(summary), el('p', { class: 'error' }, String(/** @type {Error} */ (error).message)));
      return;
    }
    if (this.current !== summary.id) return; // another row was chosen meanwhile
    this.render(summary, detail);
  }

  close() {
    this.current = undefined;
    this.pane.hidden = true;
  }

  /** @param {Summary} summary */
  toolbar(summary) {
    const curl = el('pre', { class: 'curl', id: 'detail-curl', hidden: true });
    const copyButton = el('button', { type: 'button', id: 'copy-curl' }, 'Copy as curl');
    copyButton.addEventListener('click', async () => {
      try {
        const { curl: command } = await api(`/requests/${encodeURIComponent(summary.id)}/curl`, {});
        curl.textContent = command;
        curl.hidden = false;
        copyButton.textContent = (await copy(command)) ? 'Copied' : 'Copy as curl (shown below)';
      } catch (error) {
        curl.textContent = String(/** @type {Error} */ (error).message);
        curl.hidden = false;
      }
    });
    const refresh = el('button', { type: 'button', title: 'Log lines written after the response arrive later' }, 'Refresh');
    refresh.addEventListener('click', () => void this.show(summary));
    const close = el('button', { type: 'button', 'aria-label': 'Close' }, '×');
    close.addEventListener('click', () => this.close());
    return el('div', { class: 'toolbar' }, copyButton, refresh, close, curl);
  }

  /**
   * @param {Summary} summary
   * @param {any} detail
   */
  render(summary, detail) {
    const parts = [
      this.toolbar(summary),
      el(
        'h2',
        {},
        el('span', { class: 'method' }, summary.method),
        ' ',
        summary.path,
        ' ',
        el('span', { class: `status ${statusClass(summary.status)}` }, String(summary.status)),
      ),
      facts([
        ['time', clock(summary.time)],
        ['request id', summary.id],
        ['app', summary.app ?? '— (no base path matched)'],
        ['route', summary.routeKey ?? '— (no route matched)'],
        ['version', summary.version ? `${summary.version} (live)` : undefined],
        ['latency', `${summary.latencyMs} ms`],
      ]),
      section('Authorizer', authorizer(detail.authorizer)),
    ];
    if (detail.request.token) parts.push(section('Token (decoded, signature not shown)', el('pre', {}, pretty(detail.request.token))));
    parts.push(section('Request', headers(detail.request.headers), el('pre', {}, bodyText(detail.request.body))));
    if (detail.event) parts.push(section('Event the function received (payload 2.0)', el('pre', { class: 'event' }, pretty(detail.event))));
    if (detail.function)
      parts.push(
        section(
          `Function answer (version ${detail.function.version})`,
          el(
            'pre',
            {},
            pretty(detail.function.error ? { error: detail.function.error, timedOut: detail.function.timedOut } : detail.function.payload),
          ),
        ),
      );
    parts.push(
      section(`Response ${detail.response.statusCode}`, headers(detail.response.headers), el('pre', {}, bodyText(detail.response.body))),
    );
    parts.push(section(`Function log (${detail.logs.length} lines)`, logs(detail.logs)));
    this.pane.replaceChildren(...parts);
  }
}

/** @param {any} authorizer */
function authorizer(authorizer) {
  const explain = {
    public: 'public route: the authorizer does not run',
    none: 'no route matched: nothing to authorize (404)',
    unauthorized: 'no Authorization header: API Gateway answers 401 without invoking the authorizer',
    allow: 'allowed',
    deny: 'denied: API Gateway answers 403',
    error: 'the authorizer failed: API Gateway answers 500',
  };
  const audit = authorizer.audit ?? {};
  return el(
    'div',
    {},
    el(
      'p',
      {},
      el('span', { class: `decision d-${authorizer.decision}` }, authorizer.decision),
      ' ',
      /** @type {Record<string, string>} */ (explain)[authorizer.decision] ?? '',
    ),
    facts([
      ['denial code', audit.code],
      ['subject', audit.sub],
      ['client', audit.client],
      ['token type', audit.tokenType],
      ['token id hash', audit.tokenIdHash],
      ['cached decision', authorizer.cached ? 'yes (no audit line: the API cache answered)' : undefined],
      ['error', authorizer.error],
    ]),
    authorizer.context === undefined ? undefined : el('pre', {}, pretty({ 'requestContext.authorizer.lambda': authorizer.context })),
  );
}

/** @param {Array<[string, string | undefined]>} pairs */
function facts(pairs) {
  const list = el('dl', { class: 'facts' });
  for (const [name, value] of pairs) if (value !== undefined) list.append(el('dt', {}, name), el('dd', {}, value));
  return list;
}

/** @param {Array<[string, string]>} pairs */
function headers(pairs) {
  const table = el('table', { class: 'headers' });
  for (const [name, value] of pairs) table.append(el('tr', {}, el('th', {}, name), el('td', {}, value)));
  return table;
}

/** @param {Array<{ time: number, stream: string, text: string }>} lines */
function logs(lines) {
  if (lines.length === 0) return el('p', { class: 'muted' }, 'The function wrote nothing for this request.');
  const list = el('ol', { class: 'logs' });
  for (const line of lines) list.append(el('li', { class: line.stream }, el('time', {}, clock(line.time)), ' ', ...logText(line.text)));
  return list;
}

/**
 * A Powertools JSON line reads as `LEVEL message {other fields}`; any other line as it is.
 * @param {string} text
 * @returns {Array<Node | string>}
 */
function logText(text) {
  let record;
  try {
    record = text.trimStart().startsWith('{') ? JSON.parse(text) : undefined;
  } catch {
    record = undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record) || !('message' in record || '_aws' in record)) return [text];
  if ('_aws' in record) return [el('span', { class: 'level' }, 'METRICS'), ' ', el('span', { class: 'muted' }, text)];
  const { level, message, timestamp: _timestamp, ...rest } = record;
  const levelText = String(level ?? 'INFO').toUpperCase();
  return [
    el('span', { class: `level l-${levelText}` }, levelText),
    ' ',
    String(message),
    ' ',
    el('span', { class: 'muted' }, JSON.stringify(rest)),
  ];
}

/**
 * @param {string} title
 * @param {...(Node | undefined)} children
 */
function section(title, ...children) {
  return el('section', {}, el('h3', {}, title), ...children);
}
