import { CreateAppError } from './errors.ts';
import { USAGE } from './command-line.ts';

/** How `create-app` may ask for what the command line left out. */
export interface Prompt {
  /** True when a person can answer (stdin and stdout are terminals). */
  readonly interactive: boolean;
  ask(question: string): Promise<string>;
}

/**
 * The app's owner: `--owner` when given; otherwise asked for in a terminal; otherwise a usage
 * error. Never invented: the owner goes into CODEOWNERS and answers for the app's routes.
 */
export async function resolveOwner(name: string, owner: string | undefined, prompt: Prompt): Promise<string> {
  if (owner !== undefined && owner.trim() !== '') return owner.trim();
  const missing = `create-app needs --owner: the team or user that answers for apps/${name} (it goes into CODEOWNERS and docs/routes.md), e.g. --owner team-${name} or --owner @acme/${name}`;
  if (!prompt.interactive) throw new CreateAppError('ERR_USAGE', `${missing}.\n${USAGE}`);
  const answer = (await prompt.ask(`Owner of apps/${name} (team or user handle, e.g. team-${name} or @acme/${name}): `)).trim();
  if (answer === '') throw new CreateAppError('ERR_USAGE', `${missing}; no owner was given.`);
  return answer;
}
