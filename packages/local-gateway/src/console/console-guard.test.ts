import { describe, expect, it } from 'vitest';
import { hostPolicy } from '../security/allowed-hosts.ts';
import { consoleRefusal } from './console-guard.ts';

const policy = hostPolicy({});
const json = { 'content-type': 'application/json' };

describe('the console guard (DNS rebinding, cross-site requests, JSON-only writes)', () => {
  it('answers loopback names, and refuses any other Host (a rebinding page sends its own name)', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000']) expect(consoleRefusal('GET', { host }, policy)).toBeUndefined();
    for (const host of ['attacker.example:3000', '127.0.0.1.nip.io:3000', '0.0.0.0:3000'])
      expect(consoleRefusal('GET', { host }, policy)).toMatch(/not a loopback name/);
    expect(consoleRefusal('GET', {}, policy)).toMatch(/no Host header/);
  });

  it('refuses another origin and cross-site fetch metadata', () => {
    expect(consoleRefusal('POST', { host: '127.0.0.1:3000', origin: 'http://evil.example', ...json }, policy)).toMatch(
      /origin "http:\/\/evil\.example"/,
    );
    expect(consoleRefusal('POST', { host: '127.0.0.1:3000', origin: 'null', ...json }, policy)).toMatch(/origin "null"/);
    expect(consoleRefusal('POST', { host: '127.0.0.1:3000', origin: 'http://localhost:3000', ...json }, policy)).toMatch(/origin/);
    expect(consoleRefusal('GET', { host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' }, policy)).toMatch(/cross-site/);
  });

  it('takes writes as JSON only (a form post cannot send it without a preflight)', () => {
    expect(
      consoleRefusal('POST', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'content-type': 'text/plain' }, policy),
    ).toMatch(/content-type: application\/json/);
    expect(consoleRefusal('POST', { host: '127.0.0.1:3000', 'content-type': 'application/x-www-form-urlencoded' }, policy)).toMatch(
      /content-type/,
    );
    expect(
      consoleRefusal(
        'POST',
        { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'content-type': 'application/json; charset=utf-8' },
        policy,
      ),
    ).toBeUndefined();
    expect(consoleRefusal('GET', { host: 'localhost:3000', 'sec-fetch-site': 'same-origin' }, policy)).toBeUndefined();
  });
});
