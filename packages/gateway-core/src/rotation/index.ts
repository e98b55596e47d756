export {
  rotateGeneratedSecret,
  RotationError,
  type RotationEvent,
  type RotationStep,
  type GeneratedSecretRotationOptions,
} from './rotate-generated-secret.ts';
