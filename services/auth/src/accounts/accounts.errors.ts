import { DomainError } from '@shop/platform-http';

/**
 * The email belongs to an account already. Saying so tells a prober the address is registered;
 * a shop's sign-up has to (the person must learn to log in instead), and login, the endpoint an
 * attacker can repeat cheaply, answers unknown and wrong alike.
 */
export class EmailTakenError extends DomainError {
  readonly code = 'AUTH.EMAIL_TAKEN';
  readonly kind = 'conflict';

  constructor() {
    super('An account with this email already exists.', {
      errors: [{ path: 'email', message: 'is already registered' }],
    });
  }
}

/** The token's subject has no account (any more). */
export class AccountNotFoundError extends DomainError {
  readonly code = 'AUTH.ACCOUNT_NOT_FOUND';
  readonly kind = 'not_found';

  constructor() {
    super('The account does not exist.');
  }
}
