import { describe, expect, it } from 'vitest';
import { consoleSettings } from './console-settings.ts';
import { parseMintRequest } from './mint-token.ts';

describe('the token panel request', () => {
  it('reads subject, scopes (array or string), type and lifetime', () => {
    expect(parseMintRequest({ sub: ' alice ', scopes: 'orders:read, orders:write orders:read' })).toEqual({
      sub: 'alice',
      scopes: ['orders:read', 'orders:write'],
      dpop: false,
      ttlSeconds: 3600,
    });
    expect(parseMintRequest({ sub: 'bob', scopes: ['a'], dpop: true, ttlSeconds: 60 })).toEqual({
      sub: 'bob',
      scopes: ['a'],
      dpop: true,
      ttlSeconds: 60,
    });
  });

  it('refuses bad input with the field and what is allowed', () => {
    expect(() => parseMintRequest(null)).toThrow(/send a JSON object/);
    expect(() => parseMintRequest({ scopes: [] })).toThrow(/^sub: required/);
    expect(() => parseMintRequest({ sub: 'a\nb' })).toThrow(/^sub: .*no control characters/);
    expect(() => parseMintRequest({ sub: 'a', scopes: [1] })).toThrow(/^scopes: an array of strings/);
    expect(() => parseMintRequest({ sub: 'a', scopes: ['ok', 'bad"quote'] })).toThrow(/^scopes: "bad"quote" is not a scope token/);
    expect(() => parseMintRequest({ sub: 'a', dpop: 'yes' })).toThrow(/^dpop: true/);
    expect(() => parseMintRequest({ sub: 'a', ttlSeconds: 0 })).toThrow(/^ttlSeconds: a whole number of seconds from 1 to 86400/);
    expect(() => parseMintRequest({ sub: 'a', ttlSeconds: 1.5 })).toThrow(/^ttlSeconds/);
  });
});

describe('console settings', () => {
  it('is on by default with 5000 requests; FRONTDESK_CONSOLE=off turns it off; an explicit option wins', () => {
    expect(consoleSettings({})).toEqual({ enabled: true, capacity: 5000 });
    expect(consoleSettings({ FRONTDESK_CONSOLE: 'off', FRONTDESK_CONSOLE_REQUESTS: '200' })).toEqual({ enabled: false, capacity: 200 });
    expect(consoleSettings({ FRONTDESK_CONSOLE: 'off' }, true).enabled).toBe(true);
  });

  it('names the variable and the allowed values when a setting is wrong', () => {
    expect(() => consoleSettings({ FRONTDESK_CONSOLE: 'yes' })).toThrow('FRONTDESK_CONSOLE="yes" must be "on" or "off"');
    expect(() => consoleSettings({ FRONTDESK_CONSOLE_REQUESTS: '0' })).toThrow(
      'FRONTDESK_CONSOLE_REQUESTS="0" must be a whole number from 1 to 100000',
    );
    expect(() => consoleSettings({ FRONTDESK_CONSOLE_REQUESTS: 'lots' })).toThrow(/FRONTDESK_CONSOLE_REQUESTS="lots"/);
  });
});
