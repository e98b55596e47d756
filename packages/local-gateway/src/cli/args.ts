/** Parses a duration such as `3600`, `90s`, `15m`, `2h`, `1d` into seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`--ttl "${text}" is not a duration: write seconds (3600) or 90s, 15m, 2h, 1d`);
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  if (seconds < 1 || seconds > 30 * 86_400) throw new Error(`--ttl must be between 1 second and 30 days (got ${text})`);
  return seconds;
}

/** Scopes as the user typed them: space- or comma-separated. */
export function parseScopes(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((scope) => scope !== '');
}
