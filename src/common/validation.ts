import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, InvalidInput } from './errors';

/** Flattens class-validator's tree into `[{field: 'criteria.0.weight', message}]`. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? `${field} is not an allowed field` : message,
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** Deeper than any DTO of this API; class-transformer recurses once per level and overflows the stack near 3 000. */
export const MAX_INPUT_DEPTH = 32;
/**
 * Keys class-transformer silently drops (they name members of every object), so `forbidNonWhitelisted`
 * never sees them; refused like any unknown field.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What class-transformer and PostgreSQL cannot take, found without recursion: nesting past
 * MAX_INPUT_DEPTH, reserved keys, and text with NUL or a lone surrogate (PostgreSQL stores neither).
 */
export function unsafeInput(value: unknown, root = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; field: string; depth: number }[] = [{ value, field: '', depth: 0 }];
  while (stack.length > 0 && errors.length < 20) {
    const { value: current, field, depth } = stack.pop()!;
    const name = field || root;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current))
        errors.push({ field: name, message: `${name} contains a NUL character or a lone surrogate` });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      errors.push({ field: name, message: `${name} is nested deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    for (const key of Object.keys(current)) {
      const child = field ? `${field}.${key}` : key;
      if (RESERVED_KEYS.has(key) || UNSTORABLE.test(key)) {
        errors.push({ field: child, message: `${child} is not an allowed field` });
        continue;
      }
      stack.push({ value: (current as Record<string, unknown>)[key], field: child, depth: depth + 1 });
    }
  }
  return errors;
}

class SafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      // Nest would turn `null` into `{}`: a PATCH of nothing, answered 200.
      throw new InvalidInput('The request body must be a JSON object.', [
        { field: 'body', message: 'body must be a JSON object' },
      ]);
    }
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const errors = unsafeInput(value, metadata.type === 'param' ? (metadata.data ?? 'param') : metadata.type);
      if (errors.length > 0) {
        throw new InvalidInput(`Invalid ${[...new Set(errors.map((e) => e.field))].join(', ')}.`, errors);
      }
    }
    return super.transform(value, metadata);
  }
}

/** The one global pipe: unknown fields are refused, not silently dropped. */
export function validationPipe(): ValidationPipe {
  return new SafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const list = fieldErrors(errors);
      const fields = [...new Set(list.map((e) => e.field))].join(', ');
      return new InvalidInput(`Invalid ${fields || 'input'}.`, list);
    },
  });
}
