// #region error-catalogue
/** Every error a client can see: a stable code, its HTTP status and what it means. */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No route matches this method and path.' },
  USER_NOT_FOUND: { status: 404, message: 'No user has this id.' },
  EMAIL_TAKEN: { status: 409, message: 'A user with this email already exists.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;
// #endregion error-catalogue

export type ErrorCode = keyof typeof errorCatalogue;

// #region app-error
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    options: { message?: string; details?: unknown; cause?: unknown } = {},
  ) {
    super(options.message ?? errorCatalogue[code].message, { cause: options.cause });
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = options.details;
  }
}
// #endregion app-error
