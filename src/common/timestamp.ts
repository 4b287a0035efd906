import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/**
 * An ISO 8601 date-time *with* a time zone (`2027-03-01T12:00:00+01:00`, `…Z`): a deadline
 * without one would mean different moments to the server and to the person who typed it.
 */
export const IsTimestamp = (): PropertyDecorator =>
  applyDecorators(
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: ({ property }) => `${property} must be an ISO 8601 date-time` },
    ),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: ({ property }) =>
        `${property} must be an ISO 8601 date-time with a time zone, e.g. 2027-03-01T12:00:00+01:00`,
    }),
  );
