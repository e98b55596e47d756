/**
 * The arguments of one load run. Every run is bounded twice — by a request count and by a
 * duration — and may only target the loopback interface: a benchmark must never load a remote host.
 */
export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly maxRequests: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Seconds before autocannon gives up on one response. */
  readonly timeoutSeconds?: number;
}

const LOAD_LIMITS = { maxConnections: 256, maxDurationSeconds: 60, maxRequests: 2_000_000 } as const;

/** Validates a spec and returns the autocannon command-line arguments for it (JSON output, no progress bar). */
export function autocannonArgs(spec: LoadSpec): string[] {
  const url = new URL(spec.url);
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1') {
    throw new RangeError(`load may only target http://127.0.0.1, got ${spec.url}`);
  }
  checkInteger('connections', spec.connections, 1, LOAD_LIMITS.maxConnections);
  checkInteger('durationSeconds', spec.durationSeconds, 1, LOAD_LIMITS.maxDurationSeconds);
  checkInteger('maxRequests', spec.maxRequests, 1, LOAD_LIMITS.maxRequests);
  const timeout = spec.timeoutSeconds ?? 10;
  checkInteger('timeoutSeconds', timeout, 1, LOAD_LIMITS.maxDurationSeconds);
  const args = [
    '--json',
    '--connections',
    String(spec.connections),
    '--duration',
    String(spec.durationSeconds),
    '--maxOverallRequests',
    String(spec.maxRequests),
    '--timeout',
    String(timeout),
  ];
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    if (/[\r\n]/.test(name + value)) throw new RangeError(`header ${name} contains a line break`);
    args.push('--headers', `${name}=${value}`);
  }
  args.push(url.href);
  return args;
}

/** How long a run may take before the harness kills it: the duration plus one response timeout plus slack. */
export function loadDeadlineMs(spec: LoadSpec): number {
  return (spec.durationSeconds + (spec.timeoutSeconds ?? 10) + 5) * 1_000;
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer within ${min}..${max}, got ${value}`);
  }
}
