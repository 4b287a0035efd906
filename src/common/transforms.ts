/** class-transformer `@Transform` functions shared by request DTOs; non-strings pass through for validation to refuse. */
type TransformInput = { value: unknown };

export const trim = ({ value }: TransformInput): unknown => (typeof value === 'string' ? value.trim() : value);

export const lowerCase = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

/** Emails are compared and stored in lower case, without surrounding spaces. */
export const trimLowerCase = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/**
 * A query-string integer: only plain decimal digits become a number. `Number()` would also take
 * `0x10`, `1e1`, ` 5 ` and `""` (0), none of which a client means as a count.
 */
export const decimalInteger = ({ value }: TransformInput): unknown =>
  typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
