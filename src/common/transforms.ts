/** class-transformer `@Transform` functions shared by request DTOs; non-strings pass through for validation to refuse. */
type TransformInput = { value: unknown };

export const trim = ({ value }: TransformInput): unknown => (typeof value === 'string' ? value.trim() : value);

export const lowerCase = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

/** Emails are compared and stored in lower case, without surrounding spaces. */
export const trimLowerCase = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
