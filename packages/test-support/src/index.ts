/**
 * The one way tests build throwaway folders, workspaces and git histories. Every package's tests
 * import it instead of re-declaring `write`/`git` helpers, so a fix (a git setting, a cleanup
 * rule) lands once.
 */
export { tempDir, writeFiles, tempWorkspace } from './files.ts';
export { git, initRepo, commitAll } from './git.ts';
export { appConfigSource } from './manifest.ts';
