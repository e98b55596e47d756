import { describe, expect, it } from 'vitest';
import { LINK_LIFETIME_SECONDS, signDownloadLink, verifyDownloadLink } from '../src/download-link.ts';

const now = new Date('2026-11-28T15:00:00Z');

describe('download links across a key rotation', () => {
  const link = signDownloadLink('2026/invoice.pdf', 'alice', 'old-key', now);

  it('accepts a link signed with the current key', () => {
    expect(verifyDownloadLink(link.path, 'alice', link.expires, link.signature, { current: 'old-key' }, now)).toBe(true);
  });

  it('accepts a link signed just before the rotation, with what is now the previous key', () => {
    expect(verifyDownloadLink(link.path, 'alice', link.expires, link.signature, { current: 'new-key', previous: 'old-key' }, now)).toBe(
      true,
    );
  });

  it('refuses a link signed with a key that is neither current nor previous', () => {
    expect(verifyDownloadLink(link.path, 'alice', link.expires, link.signature, { current: 'newest-key', previous: 'new-key' }, now)).toBe(
      false,
    );
    expect(verifyDownloadLink(link.path, 'alice', link.expires, link.signature, { current: 'new-key' }, now)).toBe(false);
  });

  it('refuses another owner, another path, a moved expiry and an expired link under either key', () => {
    const keys = { current: 'new-key', previous: 'old-key' };
    expect(verifyDownloadLink(link.path, 'mallory', link.expires, link.signature, keys, now)).toBe(false);
    expect(verifyDownloadLink('2026/other.pdf', 'alice', link.expires, link.signature, keys, now)).toBe(false);
    expect(verifyDownloadLink(link.path, 'alice', link.expires + 3600, link.signature, keys, now)).toBe(false);
    const later = new Date(now.getTime() + (LINK_LIFETIME_SECONDS + 1) * 1000);
    expect(verifyDownloadLink(link.path, 'alice', link.expires, link.signature, keys, later)).toBe(false);
  });
});
