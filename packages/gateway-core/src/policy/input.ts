import type { AppManifest } from '../manifest/index.ts';
import type { Finding, SuppressedFinding } from './finding.ts';
import type { CfnTemplate } from './template.ts';

/** App name used for findings about the shared layer (`infra/`). */
export const SHARED_APP = 'infra';
/** App name used for findings that concern several apps at once. */
export const WORKSPACE_APP = 'workspace';

/** An app as the lint sees it: where it lives (repository-relative) and its validated manifest. */
interface PolicyApp {
  readonly dir: string;
  readonly manifestFile: string;
  readonly manifest: AppManifest;
}

/** A manifest that failed to load, with the reason. */
interface BrokenPolicyApp {
  readonly dir: string;
  readonly manifestFile: string;
  readonly message: string;
}

/** One synthesized CloudFormation stack and who owns it. */
export interface PolicyStack {
  /** The app name, or {@link SHARED_APP} for the shared layer. */
  readonly app: string;
  readonly stackName: string;
  /** The stack's construct path (its id below the app), when it differs from `stackName`. */
  readonly constructPath?: string;
  readonly template: CfnTemplate;
  /** Repository-relative file findings on this stack are reported against. */
  readonly sourceFile?: string;
  /**
   * Subtrees written in another file than {@link sourceFile} (the manifest builds `<stack>/App`,
   * `stack.ts` builds `<stack>/Extension`): a finding whose construct path lies under `path` is
   * reported against `file`, the longest matching `path` winning.
   */
  readonly constructSources?: readonly ConstructSource[];
}

/** One subtree of a stack and the repository-relative file that writes it. */
export interface ConstructSource {
  readonly path: string;
  readonly file: string;
  /**
   * The file names constructs by id (`new Table(this, 'Audit')`), so a finding can point at the
   * line creating the construct below `path`; a manifest names none.
   * @default false
   */
  readonly namesConstructs?: boolean;
}

/** Everything one lint run looks at. */
export interface PolicyInput {
  readonly apps: readonly PolicyApp[];
  readonly broken?: readonly BrokenPolicyApp[];
  readonly stacks?: readonly PolicyStack[];
  /** `.github/CODEOWNERS`, when present. */
  readonly codeowners?: { readonly file: string; readonly text: string };
  /** Findings produced elsewhere (cdk-nag, synthesis failures), subject to the same suppressions. */
  readonly externalFindings?: readonly Finding[];
  /** Findings acknowledged in CDK code (cdk-nag never reports them); listed for the audit trail. */
  readonly acknowledged?: readonly SuppressedFinding[];
  /** The stage the stacks were synthesized for (`dev`, `prod`, `pr-<n>`); stage-dependent rules read it. */
  readonly stage?: string;
}
