import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { CreateAppError } from '../errors.ts';

/** The parts of an OpenAPI 3.0/3.1 document create-app reads; everything else is ignored. */
export interface OpenApiDocument {
  readonly file: string;
  readonly version: string;
  readonly title?: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly security?: readonly SecurityRequirement[];
  readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
}

export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

export interface SecurityScheme {
  readonly type: string;
  readonly scheme?: string;
}

const fail = (file: string, message: string): never => {
  throw new CreateAppError('ERR_INVALID_OPENAPI', `${file}: ${message}`);
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an OpenAPI document (JSON or YAML — YAML is a superset of JSON, so one parser reads both)
 * and checks the structure create-app relies on, naming the field that is wrong.
 */
export function readOpenApi(path: string): OpenApiDocument {
  const file = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail(path, `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    return fail(file, `is neither valid JSON nor valid YAML${where}: ${(error as Error).message.split('\n')[0]}`);
  }
  return checkDocument(raw, file);
}

export function checkDocument(raw: unknown, file: string): OpenApiDocument {
  if (!isObject(raw)) return fail(file, 'is not an OpenAPI document (expected an object with "openapi", "info" and "paths")');
  if (raw.swagger !== undefined)
    return fail(file, `is Swagger ${String(raw.swagger)}; only OpenAPI 3.0 and 3.1 are supported (convert it, e.g. with swagger2openapi)`);
  const version = raw.openapi;
  if (typeof version !== 'string')
    return fail(file, 'has no "openapi" version field; OpenAPI 3.0.x or 3.1.x documents start with e.g. openapi: 3.1.0');
  if (!/^3\.[01]\.\d+$/.test(version)) return fail(file, `declares openapi: ${version}; only 3.0.x and 3.1.x are supported`);
  if (!isObject(raw.paths)) return fail(file, '"paths" must be an object of path templates such as "/orders/{id}"');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(raw.paths)) {
    if (!path.startsWith('/')) fail(file, `paths."${path}": a path must start with "/"`);
    if (!isObject(item)) return fail(file, `paths."${path}" must be a Path Item object`);
    if (typeof item.$ref === 'string')
      return fail(
        file,
        `paths."${path}" is a $ref (${item.$ref}); bundle the document first (e.g. redocly bundle) so every path item is inline`,
      );
    paths[path] = item;
  }
  const schemes: Record<string, SecurityScheme> = {};
  const components = isObject(raw.components) ? raw.components : {};
  if (components.securitySchemes !== undefined && !isObject(components.securitySchemes))
    fail(file, 'components.securitySchemes must be an object');
  for (const [name, scheme] of Object.entries(isObject(components.securitySchemes) ? components.securitySchemes : {})) {
    if (!isObject(scheme)) return fail(file, `components.securitySchemes.${name} must be a Security Scheme object`);
    if (typeof scheme.$ref === 'string') return fail(file, `components.securitySchemes.${name} is a $ref; bundle the document first`);
    if (typeof scheme.type !== 'string')
      return fail(file, `components.securitySchemes.${name} has no "type" (oauth2, openIdConnect, http, apiKey or mutualTLS)`);
    schemes[name] = { type: scheme.type, ...(typeof scheme.scheme === 'string' ? { scheme: scheme.scheme.toLowerCase() } : {}) };
  }
  const info = isObject(raw.info) ? raw.info : {};
  return {
    file,
    version,
    ...(typeof info.title === 'string' ? { title: info.title } : {}),
    paths,
    ...(raw.security === undefined ? {} : { security: checkSecurity(raw.security, 'security', file, schemes) }),
    securitySchemes: schemes,
  };
}

/** A `security` list: requirement objects naming declared schemes, each with a list of scopes. */
export function checkSecurity(
  value: unknown,
  where: string,
  file: string,
  schemes: Readonly<Record<string, SecurityScheme>>,
): SecurityRequirement[] {
  if (!Array.isArray(value)) return fail(file, `${where} must be a list of security requirement objects (security: [] means no security)`);
  return value.map((requirement, index) => {
    if (!isObject(requirement)) return fail(file, `${where}[${index}] must be an object such as { oauth: ["orders:read"] }`);
    const checked: Record<string, string[]> = {};
    for (const [name, scopes] of Object.entries(requirement)) {
      if (!(name in schemes))
        fail(file, `${where}[${index}] names the security scheme "${name}", which components.securitySchemes does not declare`);
      if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string'))
        fail(file, `${where}[${index}].${name} must be a list of scope names`);
      checked[name] = scopes as string[];
    }
    return checked;
  });
}
