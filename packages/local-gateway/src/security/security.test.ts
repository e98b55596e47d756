import { describe, expect, it } from 'vitest';
import { hostPolicy, hostProblem } from './allowed-hosts.ts';
import { crossSiteProblem } from './cross-site.ts';

describe('hostProblem', () => {
  const policy = hostPolicy({ FRONTDESK_ALLOWED_HOSTS: 'dev.example.test, .tunnel.test', FRONTDESK_PUBLIC_URL: 'https://api.public.test' });

  it.each([
    'localhost',
    'localhost:3000',
    'LocalHost.',
    'a.b.localhost:1',
    '127.0.0.1:3000',
    '127.255.0.9',
    '[::1]:3001',
    '[::1]',
    'dev.example.test:443',
    'x.tunnel.test',
    'api.public.test',
  ])('allows %s', (host) => {
    expect(hostProblem(host, policy)).toBeUndefined();
  });

  it.each([
    undefined,
    '',
    'evil.example',
    'localhost.evil.example',
    'evil.example.',
    '0.0.0.0:3000',
    '127.0.0.256',
    '[::ffff:7f00:1]',
    'tunnel.test',
    'user@localhost',
    'localhost:3000,evil',
    'localhost evil',
    '[::1]x',
  ])('refuses %s', (host) => {
    expect(hostProblem(host, policy)).toBeDefined();
  });

  it('names the variable to set, and refuses entries that are not host names', () => {
    expect(hostProblem('evil.example', policy)).toContain('FRONTDESK_ALLOWED_HOSTS');
    for (const entry of ['*', '*.example.test', 'example.test:8080', 'http://example.test']) {
      expect(() => hostPolicy({ FRONTDESK_ALLOWED_HOSTS: entry })).toThrow(/^FRONTDESK_ALLOWED_HOSTS: /);
    }
  });
});

describe('crossSiteProblem', () => {
  it('lets tools that are not browsers, same-origin pages and user navigation through', () => {
    expect(crossSiteProblem({ host: '127.0.0.1:3000' })).toBeUndefined();
    expect(crossSiteProblem({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' })).toBeUndefined();
    expect(crossSiteProblem({ host: 'x.tunnel.test', origin: 'https://x.tunnel.test' })).toBeUndefined();
    expect(crossSiteProblem({ host: '127.0.0.1:3000', 'sec-fetch-site': 'none' })).toBeUndefined();
  });

  it('refuses cross-site and same-site requests and foreign or opaque origins', () => {
    expect(crossSiteProblem({ host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' })).toBeDefined();
    expect(crossSiteProblem({ host: '127.0.0.1:3000', 'sec-fetch-site': 'same-site' })).toBeDefined();
    expect(crossSiteProblem({ host: '127.0.0.1:3000', origin: 'null' })).toBeDefined();
    expect(crossSiteProblem({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' })).toBeDefined();
    expect(crossSiteProblem({ host: '127.0.0.1:3000', origin: 'http://localhost:3000' })).toBeDefined();
  });
});
