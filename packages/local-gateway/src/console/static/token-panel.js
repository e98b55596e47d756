// @ts-check
// The token panel: mint a development token (subject, scopes, Bearer or DPoP-bound) signed by
// the dev identity provider, then get a curl command that uses it (with a fresh DPoP proof).
import { api, byId, copy, el, pretty } from './dom.js';

/** @typedef {import('./apps-pane.js').AppView} AppView */

export class TokenPanel {
  constructor() {
    /** @type {{ token: string, tokenType: 'Bearer' | 'DPoP' } | undefined} */
    this.minted = undefined;
    const form = /** @type {HTMLFormElement} */ (byId('token-form'));
    const error = byId('token-error');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      error.hidden = true;
      try {
        const minted = await api('/token', {
          sub: String(data.get('sub') ?? ''),
          scopes: String(data.get('scopes') ?? ''),
          dpop: data.get('type') === 'DPoP',
          ttlSeconds: Number(data.get('ttl')),
        });
        this.minted = minted;
        byId('token-result').hidden = false;
        /** @type {HTMLTextAreaElement} */ (byId('token-value')).value = minted.token;
        byId('token-claims').textContent = pretty(minted.claims);
        byId('token-curl').hidden = true;
      } catch (failure) {
        error.textContent = String(/** @type {Error} */ (failure).message);
        error.hidden = false;
      }
    });
    byId('copy-token').addEventListener('click', async (event) => {
      if (!this.minted) return;
      /** @type {HTMLElement} */ (event.target).textContent = (await copy(this.minted.token)) ? 'Copied' : 'Copy (select the text)';
    });
    const curlForm = /** @type {HTMLFormElement} */ (byId('curl-form'));
    curlForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!this.minted) return;
      const data = new FormData(curlForm);
      const output = byId('token-curl');
      try {
        const { curl } = await api('/curl', {
          method: data.get('method'),
          path: data.get('path'),
          token: this.minted.token,
          tokenType: this.minted.tokenType,
        });
        output.textContent = curl;
        await copy(curl);
      } catch (failure) {
        output.textContent = String(/** @type {Error} */ (failure).message);
      }
      output.hidden = false;
    });
  }

  /** @param {{ devIdpTrusted: boolean, issuer: string, devIdpIssuer: string }} info */
  setInfo(info) {
    const warning = byId('token-warning');
    warning.hidden = info.devIdpTrusted;
    warning.textContent = info.devIdpTrusted
      ? ''
      : `The gateway trusts ${info.issuer}, not the dev identity provider (${info.devIdpIssuer}): tokens minted here will be denied (wrong_issuer).`;
  }

  /** Offers the scopes and paths the manifests declare. @param {AppView[]} apps */
  setApps(apps) {
    const scopes = new Set();
    const paths = new Set();
    for (const app of apps) {
      for (const route of app.routes) {
        if (!route.auth.public) for (const scope of route.auth.scopes) scopes.add(scope);
        if (route.key !== '$default') paths.add(route.path);
      }
    }
    byId('known-scopes').replaceChildren(...[...scopes].sort().map((scope) => el('option', { value: String(scope) })));
    byId('known-paths').replaceChildren(...[...paths].sort().map((path) => el('option', { value: String(path) })));
  }
}
