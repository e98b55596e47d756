import { userInfo } from 'node:os';

/** One rollback attempt as the audit trail records it: who, what, when, outcome. */
export interface RollbackAuditRecord {
  readonly audit: 'frontdesk.rollback';
  /** ISO 8601, UTC. */
  readonly time: string;
  readonly actor: string;
  /** Where `actor` came from: FRONTDESK_ACTOR, GITHUB_ACTOR (CI) or the OS user. */
  readonly actorSource: 'FRONTDESK_ACTOR' | 'GITHUB_ACTOR' | 'os-user';
  readonly action: 'lambda:UpdateAlias';
  readonly app: string;
  readonly stage: string;
  readonly function: string;
  readonly alias: string;
  readonly from?: string;
  readonly to?: string;
  readonly outcome: 'succeeded' | 'refused' | 'failed';
  readonly code?: string;
  readonly reason?: string;
  /** Set when the call went to a non-AWS endpoint (the local Lambda API). */
  readonly endpoint?: string;
  /** The CI run, when there is one. */
  readonly ciRun?: string;
}

export function actorFrom(env: NodeJS.ProcessEnv): Pick<RollbackAuditRecord, 'actor' | 'actorSource'> {
  if (env.FRONTDESK_ACTOR) return { actor: env.FRONTDESK_ACTOR, actorSource: 'FRONTDESK_ACTOR' };
  if (env.GITHUB_ACTOR) return { actor: env.GITHUB_ACTOR, actorSource: 'GITHUB_ACTOR' };
  return { actor: userInfo().username, actorSource: 'os-user' };
}

export function ciRunFrom(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  return undefined;
}
