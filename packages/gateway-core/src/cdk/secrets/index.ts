export { AppSecrets, type AppSecretsProps, type DeployedSecret } from './app-secrets.ts';
