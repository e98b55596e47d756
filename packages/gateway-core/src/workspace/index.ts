export { loadManifest, loadWorkspace, MANIFEST_FILE, type LoadedApp } from './load.ts';
export { checkWorkspace, conflictsWith, type WorkspaceFinding } from './check.ts';
