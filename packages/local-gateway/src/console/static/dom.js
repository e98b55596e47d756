// @ts-check
// Small helpers shared by the console's modules. Every value from a request (paths, headers,
// bodies, log lines) is set as text, never parsed as HTML: any web page can make the browser
// send requests to the gateway, so what the list shows is attacker-chosen.

export const API = '/_frontdesk/console/api';

/**
 * Creates an element: `el('span', { class: 'pill', title: 'x' }, 'text', child)`.
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {...(Node | string | undefined)} children
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== undefined) element.append(child);
  return element;
}

/** @param {string} id */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

/**
 * JSON from the console API; a non-2xx answer throws its `message`.
 * @param {string} path
 * @param {unknown} [body] sent as JSON with POST when given
 */
export async function api(path, body) {
  const response = await fetch(
    `${API}${path}`,
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  const value = await response.json().catch(() => ({ message: `HTTP ${response.status}` }));
  if (!response.ok) throw new Error(value.message ?? `HTTP ${response.status}`);
  return value;
}

/** `14:03:07.123` in local time. @param {number} epochMs */
export function clock(epochMs) {
  const date = new Date(epochMs);
  const pad = (/** @type {number} */ value, size = 2) => String(value).padStart(size, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** @param {number} status */
export function statusClass(status) {
  return `s${Math.floor(status / 100)}xx`;
}

/** Pretty JSON, or the text itself. @param {unknown} value */
export function pretty(value) {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * A kept body: JSON pretty-printed when it parses, binary labelled, cuts said.
 * @param {{ text: string, encoding: 'utf8' | 'base64', truncatedFrom?: number }} body
 */
export function bodyText(body) {
  if (body.text === '') return '(empty)';
  let text = body.text;
  if (body.encoding === 'base64') text = `(binary, base64)\n${text}`;
  else {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not JSON: as it is
    }
  }
  return body.truncatedFrom === undefined ? text : `${text}\n… cut: the console keeps 256 KiB of ${body.truncatedFrom} bytes`;
}

/**
 * Copies text; also shows it, since the clipboard may be refused (permissions, headless).
 * @param {string} text
 */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
