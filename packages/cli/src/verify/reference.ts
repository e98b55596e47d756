import { loadOrCreateKey, startDevServer, type DevServer } from '@frontdesk/local-gateway';
import { SignJWT, type JWTPayload } from 'jose';

/** `pnpm dev` started in-process over the same workspace: what the stage is compared with. */
export interface LocalReference {
  readonly url: string;
  /**
   * Re-signs a token's claims with the dev IdP's key, for the local issuer and audience, so the
   * local request carries the same subject, scopes, client, `jti`, `exp` and `cnf` as the
   * stage's.
   */
  resign(claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the local gateway on free ports (no file watching, no logs), trusting its own dev IdP
 * with the DPoP mode under test — the reference `pnpm verify` compares request shapes against.
 */
export async function startLocalReference(root: string, dpop: string): Promise<LocalReference> {
  let server: DevServer;
  try {
    server = await startDevServer({
      root,
      port: 0,
      lambdaPort: 0,
      env: { STAGE: 'dev', FRONTDESK_DPOP: dpop },
      watch: false,
      warm: false,
      // The pnpm dev under test may be running on this workspace and holds .frontdesk/dynamodb's lock.
      persistData: false,
      logSink: { write: () => undefined, pretty: false },
      onEvent: () => undefined,
    });
  } catch (error) {
    throw new Error(`could not start pnpm dev in-process as the reference: ${(error as Error).message}`, { cause: error });
  }
  const key = await loadOrCreateKey(root, 'idp/signing-key');
  return {
    url: server.url,
    resign: (claims) =>
      new SignJWT({ ...claims, iss: server.issuer, aud: server.audience })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey),
    close: () => server.close(),
  };
}
