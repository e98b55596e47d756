import { routeTable } from '@frontdesk/gateway-core';
import type { DevServer } from '../dev-server.ts';
import { IDP_PREFIX } from '../idp/paths.ts';

/** The start-up table: every app (base path, owner, routes with their auth) and every endpoint. */
export function formatStartupTable(server: DevServer): string {
  const lines: string[] = [];
  const apps = [...server.workspace.apps.values()].sort((a, b) => a.name.localeCompare(b.name));
  const rows: string[][] = [['APP', 'BASE PATH', 'OWNER', 'ROUTE', 'AUTH']];
  for (const app of apps) {
    const manifest = app.api.manifest;
    for (const [index, route] of routeTable(manifest).entries()) {
      const auth =
        route.auth.kind === 'public'
          ? 'public'
          : route.auth.scopes.length === 0
            ? 'any valid token'
            : `scopes: ${route.auth.scopes.join(' ')}`;
      rows.push(index === 0 ? [manifest.name, `/${manifest.basePath}`, manifest.owner, route.key, auth] : ['', '', '', route.key, auth]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    lines.push(
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    );
  lines.push('');
  lines.push(`gateway        ${server.url}   (stage ${server.stage})`);
  if (server.consoleUrl) lines.push(`console        ${server.consoleUrl}   (requests, decisions, apps, tokens)`);
  lines.push(`lambda api     ${server.lambdaUrl}   (functions: ${apps.map((app) => app.fn.name).join(', ') || 'none'})`);
  lines.push(`dev idp        issuer ${server.devIdpIssuer}`);
  lines.push(`               jwks   ${server.url}${IDP_PREFIX}/jwks.json`);
  lines.push(`               token  ${server.url}${IDP_PREFIX}/token   (client_credentials)`);
  lines.push(`trusted issuer ${server.issuer}   audience ${server.audience}`);
  lines.push('');
  lines.push(`try: curl -H "Authorization: Bearer $(pnpm -s run token --sub alice --scope '<scopes>')" ${server.url}/<base path>/…`);
  return lines.join('\n');
}
