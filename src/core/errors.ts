// One closed error vocabulary, mapped to HTTP status in exactly one place (statusOf).

export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable';

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Shown to the user: must never contain internals. */
    readonly publicMessage: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(publicMessage);
    this.name = 'AppError';
  }
}

export function statusOf(kind: ErrorKind): number {
  return STATUS[kind];
}

export const notFound = (what = 'That page') => new AppError('not_found', `${what} does not exist.`);
export const forbidden = (why: string) => new AppError('forbidden', why);
export const badRequest = (why: string) => new AppError('bad_request', why);

/** Throws a 403 with the given reason unless the policy said yes. */
export function ensure(allowed: boolean, why: string): asserts allowed {
  if (!allowed) throw forbidden(why);
}
