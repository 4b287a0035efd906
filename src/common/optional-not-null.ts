import { ValidateIf } from 'class-validator';

/** May be left out, may not be null (400 naming the field); `@IsOptional()` is not enough: it lets null through. */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);
