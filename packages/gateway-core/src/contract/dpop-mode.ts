import { FrontdeskError } from './errors.ts';

/** How the authorizer treats DPoP (RFC 9449) proofs; the same values `FRONTDESK_DPOP` takes. */
export const DPOP_MODES = ['off', 'optional', 'required'] as const;
export type DpopMode = (typeof DPOP_MODES)[number];

/** The authorizer's own default when `FRONTDESK_DPOP` is unset. */
export const DEFAULT_DPOP_MODE: DpopMode = 'optional';

/**
 * Reads a DPoP mode, throwing an error that names where the value came from and what is allowed.
 *
 * @param value the raw value, e.g. `process.env.FRONTDESK_DPOP`; empty or undefined → default
 * @param source what to name in the error, e.g. `FRONTDESK_DPOP` or `dpop`
 */
export function dpopModeFrom(value: string | undefined, source: string): DpopMode {
  if (value === undefined || value === '') return DEFAULT_DPOP_MODE;
  if ((DPOP_MODES as readonly string[]).includes(value)) return value as DpopMode;
  throw new FrontdeskError(
    'ERR_DPOP_MODE',
    `${source}="${value}" is not a DPoP mode: use one of ${DPOP_MODES.map((mode) => `"${mode}"`).join(', ')}`,
  );
}
