import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** The one global pipe: unknown fields are refused, not silently dropped. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
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
