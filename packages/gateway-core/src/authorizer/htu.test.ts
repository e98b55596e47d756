import { describe, expect, it } from 'vitest';
import { normaliseHtu } from './htu.ts';

describe('normaliseHtu (RFC 9449 §4.3, RFC 3986 §6.2.2-6.2.3)', () => {
  it.each([
    ['HTTPS://API.Example.COM/orders/1', 'https://api.example.com/orders/1'],
    ['https://api.example.com:443/orders/1', 'https://api.example.com/orders/1'],
    ['http://localhost:80/x', 'http://localhost/x'],
    ['http://localhost:3000/x', 'http://localhost:3000/x'],
    ['https://api.example.com/orders/1?q=1#frag', 'https://api.example.com/orders/1'],
    ['https://api.example.com', 'https://api.example.com/'],
    ['https://api.example.com/a/./b/../c', 'https://api.example.com/a/c'],
    ['https://api.example.com/%7euser/%2fx', 'https://api.example.com/~user/%2Fx'],
    ['https://api.example.com/%41%42', 'https://api.example.com/AB'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseHtu(input)).toBe(expected);
  });

  it.each(['/relative', 'not a url', 'ftp://api.example.com/x', 'javascript:alert(1)', ''])('refuses %j', (input) => {
    expect(normaliseHtu(input)).toBeUndefined();
  });

  it('keeps case in the path', () => {
    expect(normaliseHtu('https://api.example.com/Orders')).not.toBe(normaliseHtu('https://api.example.com/orders'));
  });
});
