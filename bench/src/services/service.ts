/** Something that answers authorized HTTP requests on 127.0.0.1 and can be load-tested. */
export interface Service {
  readonly label: string;
  /** The URL of the benchmarked route. */
  readonly url: string;
  /** Headers that authorize the request. */
  readonly headers: Readonly<Record<string, string>>;
  /** The process group the service runs in (for resident memory). */
  readonly processGroup: number;
  readonly stop: () => Promise<void>;
}

/** Checks once, before load, that the service answers 200 with a body — so a fast stream of 403s is never published as throughput. */
export async function assertServes(service: Service): Promise<string> {
  const response = await fetch(service.url, { headers: service.headers, signal: AbortSignal.timeout(30_000) });
  const body = await response.text();
  if (response.status !== 200)
    throw new Error(`${service.label} answered ${response.status} to an authorized request: ${body.slice(0, 300)}`);
  return body;
}

/**
 * Sends `count` authorized requests at once and waits for every answer: a server that starts an
 * execution environment per concurrent request (the local gateway's worker pool, like Lambda)
 * has them all started before load is measured, so cold starts stay out of the figures.
 */
export async function primeConcurrency(service: Service, count: number): Promise<void> {
  const requests = Array.from({ length: count }, () =>
    fetch(service.url, { headers: service.headers, signal: AbortSignal.timeout(60_000) }).then((response) => response.arrayBuffer()),
  );
  await Promise.all(requests);
}
