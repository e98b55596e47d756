export { AppSecrets } from './app-secrets.ts';
