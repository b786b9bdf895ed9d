// #region error-catalogue
/** Every error a client can see: a stable code, its HTTP status and what it means. */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  INVALID_BODY: {
    status: 400,
    message: 'The request body could not be read (wrong encoding, or cut short).',
  },
  UNAUTHENTICATED: {
    status: 401,
    message: 'Sign in first: the credentials are missing or no longer valid.',
  },
  INVALID_CREDENTIALS: { status: 401, message: 'The email or the password is wrong.' },
  INVALID_REFRESH_TOKEN: { status: 401, message: 'The refresh token is not valid; sign in again.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  ACCOUNT_SUSPENDED: { status: 403, message: 'This account is suspended.' },
  WRONG_PASSWORD: { status: 403, message: 'The current password is wrong.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No route matches this method and path.' },
  USER_NOT_FOUND: { status: 404, message: 'No user has this id.' },
  ROLE_NOT_FOUND: { status: 404, message: 'No role has this name.' },
  EXPORT_NOT_FOUND: { status: 404, message: 'No export has this id.' },
  DEAD_LETTER_NOT_FOUND: { status: 404, message: 'No failed job has this id.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: 'This path does not take this method; the Allow header lists the ones it takes.',
  },
  EMAIL_TAKEN: { status: 409, message: 'A user with this email already exists.' },
  ROLE_EXISTS: { status: 409, message: 'A role with this name already exists.' },
  ROLE_BUILT_IN: { status: 409, message: 'Built-in roles cannot be deleted.' },
  ROLE_IN_USE: { status: 409, message: 'The role is still granted to users; revoke it first.' },
  LAST_SUPERADMIN: { status: 409, message: 'The last super admin cannot lose the role.' },
  DEAD_LETTER_ALREADY_RETRIED: {
    status: 409,
    message: 'This failed job was already put back in the queue.',
  },
  CANNOT_SUSPEND_SELF: { status: 409, message: 'You cannot suspend your own account.' },
  // #region cannot-delete-self
  CANNOT_DELETE_SELF: { status: 409, message: 'You cannot delete your own account here.' },
  // #endregion cannot-delete-self
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    message: 'A request with this Idempotency-Key is still running; send it again once it is done.',
    retryAfterSeconds: 1,
  },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was already used for another request.',
  },
  RATE_LIMITED: { status: 429, message: 'Too many attempts; wait before trying again.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    message: 'The database is not answering; try again shortly.',
    retryAfterSeconds: 1,
  },
  OVERLOADED: {
    status: 503,
    message: 'The server is too busy to take this request; try again shortly.',
    retryAfterSeconds: 1,
  },
  NOT_READY: {
    status: 503,
    message: 'A dependency is not answering; details.checks says which.',
  },
  SHUTTING_DOWN: {
    status: 503,
    message: 'This instance is shutting down; another one will answer.',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** An error's HTTP status and message, and when clients may try again (a Retry-After header). */
export interface ErrorDefinition {
  status: number;
  message: string;
  retryAfterSeconds?: number;
}
// #endregion error-catalogue

export type ErrorCode = keyof typeof errorCatalogue;

// #region app-error
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    options: { message?: string; details?: unknown; cause?: unknown } = {},
  ) {
    super(options.message ?? errorCatalogue[code].message, { cause: options.cause });
    this.code = code;
    const definition: ErrorDefinition = errorCatalogue[code];
    this.status = definition.status;
    this.details = options.details;
    this.retryAfterSeconds = definition.retryAfterSeconds;
  }
}
// #endregion app-error

// #region validation-failed
/** Where in the request a bad field was. */
export type InputLocation = 'params' | 'query' | 'body' | 'header';

export interface FieldProblem {
  field: string | null;
  location: InputLocation;
  message: string;
}

/** The one way to build a VALIDATION_FAILED answer, wherever a bad field is found. */
export function validationFailed(fields: FieldProblem[]): AppError {
  return new AppError('VALIDATION_FAILED', { details: { fields } });
}
// #endregion validation-failed
