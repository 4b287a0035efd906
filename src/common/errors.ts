/** A refusal the client can act on; the problem-details filter turns it into RFC 9457 JSON. */
export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: malformed or invalid input. */
export class InvalidInput extends DomainError {
  readonly status = 400;
  readonly code = 'invalid-input';
}

/** 401: not signed in, or the credentials or token are not valid. */
export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}

/** 403: signed in, but the role may not do this. */
export class Forbidden extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}

/** 404: does not exist, or the caller may not see it (never reveal which). */
export class NotFound extends DomainError {
  readonly status = 404;
  readonly code = 'not-found';
}

/** 409: the object's state (or version) does not allow this change. */
export class Conflict extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
}

/** 422: a business rule refused it; the message names the rule. */
export class RuleViolation extends DomainError {
  readonly status = 422;
  readonly code = 'rule-violation';

  /** Every broken rule at once: the messages joined, each also under its field. */
  static of(problems: FieldError[]): RuleViolation {
    return new RuleViolation(problems.map((p) => p.message).join('; '), problems);
  }
}

/** 429: throttled; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly code = 'too-many-requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** 503: a dependency (the database) is unreachable or too slow; `retryAfterSeconds` becomes Retry-After. */
export class Unavailable extends DomainError {
  readonly status = 503;
  readonly code = 'unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}
