/**
 * PLACEHOLDER until the global authorizer lands: denies every request (fail closed).
 * Replaced by the OIDC/JWT + DPoP authorizer (issue 3).
 */
export const handler = async (): Promise<{ isAuthorized: false }> => ({ isAuthorized: false });
