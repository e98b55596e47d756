import { tempWorkspace } from '@frontdesk/test-support';
import { describe, expect, it } from 'vitest';
import { frontDoor, previewComment, previewUrls } from '../../../.github/scripts/preview-comment.ts';

const workspace = (files: Record<string, unknown>): string => tempWorkspace('preview', files);

describe('pnpm preview:comment', () => {
  it('lists every URL output of the shared stack first, then each app, skipping other outputs', () => {
    const root = workspace({
      'infra/cdk-outputs.json': {
        'frontdesk-pr-7-gateway': { GatewayUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com', AuthorizerArn: 'arn:aws:lambda:x' },
      },
      'apps/users/cdk-outputs.json': { 'frontdesk-pr-7-app-users': { ApiUrl: 'https://u.execute-api.eu-west-1.amazonaws.com/' } },
      'apps/orders/cdk-outputs.json': { 'frontdesk-pr-7-app-orders': { ApiUrl: 'https://o.execute-api.eu-west-1.amazonaws.com/' } },
      'apps/billing/src/handler.ts': 'not deployed in this preview',
    });
    const urls = previewUrls(root);
    expect(urls.map((url) => `${url.workspace} ${url.output}`)).toEqual(['infra GatewayUrl', 'apps/orders ApiUrl', 'apps/users ApiUrl']);
    const comment = previewComment('pr-7', urls, 'abc123');
    expect(comment).toContain('### Preview `pr-7`');
    expect(comment).toContain('| infra | frontdesk-pr-7-gateway | GatewayUrl | https://abc.execute-api.eu-west-1.amazonaws.com |');
    expect(comment).toContain('Deployed from abc123');
  });

  it('appends the pnpm verify report, or says that verify wrote none', () => {
    const report = '#### `pnpm verify` passed: 9 passed, 0 failed, 0 skipped\n';
    const comment = previewComment('pr-7', [], 'abc123', report);
    expect(comment.indexOf(report.trim())).toBeGreaterThan(comment.indexOf('Deployed from abc123'));
    expect(previewComment('pr-7', [], undefined, '')).toContain('`pnpm verify` FAILED before writing a report');
    expect(previewComment('pr-7', [])).not.toContain('pnpm verify');
  });

  it('names the front door only when the preview has its own domain, and says what the URLs are without one', () => {
    const apps = {
      'apps/users/cdk-outputs.json': { 'frontdesk-pr-7-app-users': { Url: 'https://u.execute-api.eu-west-1.amazonaws.com' } },
    };
    const withoutDomain = previewUrls(workspace(apps));
    expect(frontDoor(withoutDomain)).toBeUndefined();
    expect(previewComment('pr-7', withoutDomain)).toMatch(
      /No preview domain: each app answers on its own execute-api URL above, with no base path, and DPoP proofs name that URL \(`htu`\)/,
    );
    const withDomain = previewUrls(
      workspace({ ...apps, 'infra/cdk-outputs.json': { 'frontdesk-pr-7-gateway': { Url: 'https://pr-7.preview.acme.com' } } }),
    );
    expect(frontDoor(withDomain)).toBe('https://pr-7.preview.acme.com');
    expect(previewComment('pr-7', withDomain)).not.toContain('No preview domain');
  });

  it('says so when nothing reported a URL', () => {
    expect(previewComment('pr-7', previewUrls(workspace({})))).toContain('The deploy reported no URLs.');
  });

  it('names the file that is not an outputs file', () => {
    const root = workspace({ 'infra/cdk-outputs.json': '{ not json' });
    expect(() => previewUrls(root)).toThrow(/infra\/cdk-outputs\.json: not a CDK outputs file/);
  });
});
