/** How `pnpm dev` runs its console, from the environment (an explicit option wins over FRONTDESK_CONSOLE). */
export interface ConsoleSettings {
  readonly enabled: boolean;
  /** Requests kept for the console (and sent to a page that opens). */
  readonly capacity: number;
}

const DEFAULT_CONSOLE_CAPACITY = 5000;
const MAX_CONSOLE_CAPACITY = 100_000;

/**
 * `FRONTDESK_CONSOLE`: `on` (default) or `off` — off records nothing and serves no page.
 * `FRONTDESK_CONSOLE_REQUESTS`: how many requests the console keeps (default 5000; memory is also
 * capped at 64 MiB whatever the count). Anything else is an error that names the variable.
 */
export function consoleSettings(env: Readonly<Record<string, string | undefined>>, enabled?: boolean): ConsoleSettings {
  const mode = env.FRONTDESK_CONSOLE?.trim().toLowerCase();
  if (mode !== undefined && mode !== '' && mode !== 'on' && mode !== 'off') {
    throw new Error(`FRONTDESK_CONSOLE="${env.FRONTDESK_CONSOLE}" must be "on" or "off"`);
  }
  const text = env.FRONTDESK_CONSOLE_REQUESTS?.trim();
  const capacity = text === undefined || text === '' ? DEFAULT_CONSOLE_CAPACITY : Number(text);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CONSOLE_CAPACITY) {
    throw new Error(`FRONTDESK_CONSOLE_REQUESTS="${text}" must be a whole number from 1 to ${MAX_CONSOLE_CAPACITY}`);
  }
  return { enabled: enabled ?? mode !== 'off', capacity };
}
