import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Secrets Manager API, speaking its JSON protocol (x-amz-target
 * `secretsmanager.<Operation>`), so tests drive the real `@aws-sdk/client-secrets-manager` against
 * it. It keeps the staging-label rules the rotation contract depends on
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/getting-started.html#term_version):
 * a label is on at most one version; moving AWSCURRENT puts AWSPREVIOUS on the version it left;
 * UpdateSecretVersionStage refuses to move a label whose RemoveFromVersionId is not its holder;
 * PutSecretValue with an existing ClientRequestToken is a no-op for the same value and
 * ResourceExistsException for another. Test support only.
 */
export class FakeSecretsManager {
  /** Every request, in order, for assertions. */
  readonly calls: { operation: string; body: Record<string, unknown> }[] = [];
  private readonly versions = new Map<string, { value?: string; stages: Set<string> }>();
  private server?: Server;
  rotationEnabled = true;

  constructor(
    readonly arn: string,
    initialValue: string,
    initialVersion = 'v-initial',
  ) {
    this.versions.set(initialVersion, { value: initialValue, stages: new Set(['AWSCURRENT']) });
  }

  /** What Secrets Manager does before it invokes createSecret: a version with AWSPENDING and no value yet. */
  startRotation(token: string): void {
    this.moveStage('AWSPENDING', token);
  }

  /** Stage labels by version id, as DescribeSecret returns them. */
  stages(): Record<string, string[]> {
    return Object.fromEntries([...this.versions].filter(([, v]) => v.stages.size > 0).map(([id, v]) => [id, [...v.stages].sort()]));
  }

  valueOf(stage: string): string | undefined {
    return [...this.versions.values()].find((v) => v.stages.has(stage))?.value;
  }

  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        const operation = String(request.headers['x-amz-target']).replace('secretsmanager.', '');
        const body = JSON.parse(text || '{}') as Record<string, unknown>;
        this.calls.push({ operation, body });
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        try {
          response.end(JSON.stringify(this.answer(operation, body)));
        } catch (error) {
          const { type, message } = error as { type: string; message: string };
          response.statusCode = 400;
          response.end(JSON.stringify({ __type: type ?? 'InternalServiceError', message }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(operation: string, body: Record<string, unknown>): unknown {
    if (body.SecretId !== undefined && body.SecretId !== this.arn)
      throw fault('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    switch (operation) {
      case 'DescribeSecret':
        return { ARN: this.arn, Name: 'fake', RotationEnabled: this.rotationEnabled, VersionIdsToStages: this.stages() };
      case 'GetSecretValue': {
        const id = body.VersionId as string | undefined;
        const stage = (body.VersionStage as string | undefined) ?? (id ? undefined : 'AWSCURRENT');
        const entry = [...this.versions].find(([versionId, v]) => (!id || versionId === id) && (!stage || v.stages.has(stage)));
        if (!entry || entry[1].value === undefined)
          throw fault('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for VersionId or staging label.");
        return { ARN: this.arn, Name: 'fake', VersionId: entry[0], SecretString: entry[1].value, VersionStages: [...entry[1].stages] };
      }
      case 'PutSecretValue': {
        const token = body.ClientRequestToken as string;
        const value = body.SecretString as string;
        const existing = this.versions.get(token);
        if (existing?.value !== undefined) {
          if (existing.value !== value)
            throw fault('ResourceExistsException', `a version with ClientRequestToken ${token} already exists with another value`);
          return { ARN: this.arn, VersionId: token, VersionStages: [...existing.stages] };
        }
        this.versions.set(token, { value, stages: existing?.stages ?? new Set() });
        for (const stage of (body.VersionStages as string[] | undefined) ?? ['AWSCURRENT']) this.moveStage(stage, token);
        return { ARN: this.arn, VersionId: token, VersionStages: [...this.versions.get(token)!.stages] };
      }
      case 'UpdateSecretVersionStage': {
        const stage = body.VersionStage as string;
        const holder = [...this.versions].find(([, v]) => v.stages.has(stage))?.[0];
        if (holder && holder !== body.MoveToVersionId && holder !== body.RemoveFromVersionId) {
          throw fault('InvalidParameterException', `${stage} is attached to ${holder}; RemoveFromVersionId must name it`);
        }
        if (body.MoveToVersionId) {
          if (!this.versions.has(body.MoveToVersionId as string)) throw fault('ResourceNotFoundException', 'no such version');
          this.moveStage(stage, body.MoveToVersionId as string);
        } else if (holder) this.versions.get(holder)!.stages.delete(stage);
        return { ARN: this.arn, Name: 'fake' };
      }
      case 'GetRandomPassword': {
        const length = (body.PasswordLength as number | undefined) ?? 32;
        const alphabet = body.ExcludePunctuation
          ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
          : 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-.:;<=>?[]^_{|}~';
        return { RandomPassword: [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('') };
      }
      default:
        throw fault('InvalidRequestException', `the fake does not implement ${operation}`);
    }
  }

  private moveStage(stage: string, to: string): void {
    const from = [...this.versions].find(([, v]) => v.stages.has(stage))?.[0];
    if (from === to) return;
    if (from) this.versions.get(from)!.stages.delete(stage);
    if (!this.versions.has(to)) this.versions.set(to, { stages: new Set() });
    this.versions.get(to)!.stages.add(stage);
    if (stage === 'AWSCURRENT' && from) {
      for (const v of this.versions.values()) v.stages.delete('AWSPREVIOUS');
      this.versions.get(from)!.stages.add('AWSPREVIOUS');
    }
  }
}

function fault(type: string, message: string): { type: string; message: string } {
  return { type, message };
}
