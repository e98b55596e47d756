import type { Credential } from './auth-checks.ts';
import { compareRequests, pathShape, type PathShape } from './compare.ts';
import { createProof } from './dpop.ts';
import { describeAnswer, send } from './http.ts';
import type { LocalReference } from './reference.ts';
import type { CheckResult } from './report-types.ts';
import type { VerifyRoute } from './routes.ts';

const ID = 'request-shape';

export interface ShapeCheckContext {
  readonly target: URL;
  readonly route: VerifyRoute | undefined;
  readonly credential: Credential | undefined;
  /** Starts the local reference (`pnpm dev` in-process); called only when the stage answered. */
  readonly reference: () => Promise<LocalReference>;
  readonly fetch: typeof fetch;
}

/** Authorization headers for one request with this credential (a fresh proof when DPoP-bound). */
async function authorization(credential: Credential, url: string, accessToken: string): Promise<Record<string, string>> {
  if (!credential.proofKey) return { authorization: `Bearer ${accessToken}` };
  return { authorization: `DPoP ${accessToken}`, dpop: await createProof(credential.proofKey, 'GET', url, accessToken) };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The same request to the stage and to `pnpm dev` (same path, headers, token claims and DPoP
 * key), then the event each handed the app (the route answers `describeRequest(event)`),
 * compared field by field.
 */
export async function shapeCheck(
  context: ShapeCheckContext,
): Promise<{ check: CheckResult; pathShape?: { stage: PathShape; local?: PathShape } }> {
  const { route, credential } = context;
  const title = route ? `the request ${route.app} receives matches pnpm dev's` : "the request an app receives matches pnpm dev's";
  if (!route) {
    return {
      check: {
        id: ID,
        title,
        status: 'skip',
        detail:
          'no route to compare: name one that answers describeRequest(event) with --shape <path> (users serves GET /users/me/request)',
      },
    };
  }
  if (!credential) return { check: { id: ID, title, status: 'fail', detail: 'no token from the issuer (see the checks above)' } };
  const remoteUrl = new URL(route.path, context.target).href;
  const request = `GET ${route.path} (${credential.proofKey ? 'DPoP' : 'Bearer'})`;
  try {
    const remote = await send(remoteUrl, await authorization(credential, remoteUrl, credential.token.accessToken), context.fetch);
    if (remote.status !== 200 || !isObject(remote.json) || !isObject(remote.json.requestContext)) {
      return {
        check: {
          id: ID,
          title,
          status: 'fail',
          request,
          expected: '200 with the event as JSON (describeRequest)',
          actual: describeAnswer(remote),
          detail: `${route.path} must answer describeRequest(event); name such a route with --shape`,
        },
      };
    }
    const stageShape = pathShape(remote.json, route.path, route.basePath);
    const reference = await context.reference();
    try {
      const localUrl = new URL(route.path, reference.url).href;
      const localToken = await reference.resign(credential.token.claims);
      const local = await send(localUrl, await authorization(credential, localUrl, localToken), context.fetch);
      if (local.status !== 200 || !isObject(local.json)) {
        return {
          check: { id: ID, title, status: 'fail', request, detail: `pnpm dev answered ${describeAnswer(local)} for the same request` },
          pathShape: { stage: stageShape },
        };
      }
      const localShape = pathShape(local.json, route.path, route.basePath);
      const differences = compareRequests(remote.json, local.json);
      for (const [field, stage, dev] of [
        ['rawPath', stageShape.rawPath, localShape.rawPath],
        ['requestContext.http.path', stageShape.httpPath, localShape.httpPath],
      ] as const) {
        if (stage.shape === 'unexpected') {
          differences.push({
            field,
            remote: stage.value,
            local: dev.value,
            severity: 'fail',
            reason: `neither ${route.path} nor the path without the mapping key "${route.basePath}"`,
          });
        } else if (stage.value !== dev.value) {
          differences.push({
            field,
            remote: stage.value,
            local: dev.value,
            severity: 'note',
            reason: `the stage has the ${stage.shape.replace('mapping key ', 'key ')} shape, pnpm dev the ${dev.shape.replace('mapping key ', 'key ')} one; code must handle both`,
          });
        }
      }
      const failures = differences.filter((difference) => difference.severity === 'fail');
      return {
        check: {
          id: ID,
          title,
          status: failures.length === 0 ? 'pass' : 'fail',
          request,
          detail:
            failures.length === 0
              ? `every field agrees${differences.length > 0 ? ` (${differences.length} expected difference${differences.length === 1 ? '' : 's'} noted)` : ''}`
              : `${failures.length} field${failures.length === 1 ? '' : 's'} differ`,
          differences,
        },
        pathShape: { stage: stageShape, local: localShape },
      };
    } finally {
      await reference.close();
    }
  } catch (error) {
    return { check: { id: ID, title, status: 'fail', request, detail: (error as Error).message } };
  }
}
