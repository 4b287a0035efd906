import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed OpenAPI document, read as the fuzzer needs it: operations, parameters, request bodies. */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export const METHODS: readonly Method[] = ['get', 'post', 'put', 'patch', 'delete'];

export interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  /** `POST /api/v1/challenges/{id}/publish` */
  key: string;
  method: Method;
  path: string;
  operationId: string;
  /** The spec lists a bearer requirement (optional-auth reads too: a bad token is a 401 there). */
  secured: boolean;
  pathParams: string[];
  query: Parameter[];
  /** The `application/json` request body schema, $ref resolved. */
  body?: Schema;
}

interface RawOperation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface RawDocument {
  paths: Record<string, Partial<Record<Method, RawOperation>>>;
  components: { schemas: Record<string, Schema> };
}

export interface ApiSpec {
  operations: Operation[];
  schemas: Record<string, Schema>;
  /** Every property name of every schema (requests and responses): extra keys the fuzzer adds avoid them all. */
  propertyNames: Set<string>;
  resolve(schema: Schema): Schema;
}

export const SPEC_FILE = join(__dirname, '..', '..', 'openapi', 'openapi.json');

export function loadSpec(file = SPEC_FILE): ApiSpec {
  const document = JSON.parse(readFileSync(file, 'utf8')) as RawDocument;
  const schemas = document.components.schemas;
  const resolve = (schema: Schema): Schema => {
    let current = schema;
    for (let hops = 0; current.$ref !== undefined; hops += 1) {
      const name = current.$ref.replace('#/components/schemas/', '');
      const target = schemas[name];
      if (!target || hops > 10) throw new Error(`openapi.json: cannot resolve ${current.$ref}`);
      current = target;
    }
    return current;
  };
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method): Operation => {
      const raw = item[method] as RawOperation;
      const parameters = raw.parameters ?? [];
      const bodySchema = raw.requestBody?.content?.['application/json']?.schema;
      return {
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        operationId: raw.operationId ?? `${method} ${path}`,
        secured: (raw.security ?? []).length > 0,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query'),
        body: bodySchema ? resolve(bodySchema) : undefined,
      };
    }),
  );
  const propertyNames = new Set<string>();
  for (const schema of Object.values(schemas)) {
    for (const name of Object.keys(schema.properties ?? {})) propertyNames.add(name);
  }
  for (const operation of operations) for (const p of operation.query) propertyNames.add(p.name);
  return { operations, schemas, propertyNames, resolve };
}
