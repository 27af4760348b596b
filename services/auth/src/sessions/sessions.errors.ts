import { DomainError } from '@shop/platform-http';

/**
 * The one answer to a failed login, whether the email is unknown or the password wrong: the
 * same status, code and message (and, thanks to the dummy hash, the same time), so that login
 * tells no one which addresses have accounts.
 */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'AUTH.INVALID_CREDENTIALS';
  readonly kind = 'unauthorized';

  constructor() {
    super('The email or password is incorrect.');
  }
}
