import { Param, ParseUUIDPipe } from '@nestjs/common';
import { InvalidInput } from './errors';

/** A path id that must be a UUID: a malformed one is a 400 naming the parameter, never a 500. */
export const UuidParam = (name = 'id'): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new InvalidInput(`${name} must be a UUID.`, [{ field: name, message: `${name} must be a UUID` }]),
    }),
  );
