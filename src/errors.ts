/**
 * An error the user can fix: its message says what was wrong, where, and how to fix it, and is
 * shown as is (no stack trace). Anything else reaching main is a bug and is reported as one.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
