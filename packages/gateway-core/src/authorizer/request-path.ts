import { ambiguousPathIn, type PathCarrier } from '../paths/event-path.ts';
import { AuthorizerDenial } from './denial-codes.ts';

/**
 * Denies `path_dot_segment` when the request path (`rawPath`, `requestContext.http.path`) or a
 * path parameter carries a `.`/`..` segment in any encoding, or the path a backslash. API Gateway
 * matched the route on the raw path; a framework that resolves dot segments would serve another
 * one, so the decision made for this route would not be the one the app acts on. Runs before the
 * token is verified: the answer does not depend on who asks.
 */
export function assertUnambiguousPath(event: PathCarrier): void {
  // The code only: the audit line records it, and nothing reads a denial's message.
  if (ambiguousPathIn(event)) throw new AuthorizerDenial('path_dot_segment');
}
