/** One answer from the stage under test: status, body text, and the body as JSON when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json?: unknown;
}

/** Every request `pnpm verify` sends carries these, so both sides of a comparison get the same headers. */
const VERIFY_HEADERS = { accept: 'application/json', 'user-agent': 'frontdesk-verify/1' } as const;

/** GET (or another method) without following redirects: a redirect is an answer worth reporting. */
export async function send(
  url: string,
  headers: Record<string, string> = {},
  fetchImpl: typeof fetch = fetch,
  method = 'GET',
): Promise<Answer> {
  const response = await fetchImpl(url, {
    method,
    headers: { ...VERIFY_HEADERS, ...headers },
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, ...(json !== undefined ? { json } : {}) };
}

/** `status` and the body, shortened, for a report line. */
export function describeAnswer(answer: Answer): string {
  const body = answer.text.length > 120 ? `${answer.text.slice(0, 117)}...` : answer.text;
  return `${answer.status} ${body}`.trim();
}
