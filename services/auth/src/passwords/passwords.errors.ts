import { DomainError } from '@shop/platform-http';
import { passwordProblemMessages, type PasswordProblem } from './password-policy.js';

/** A new password breaks the policy (too short, too long, or on the common-password list). */
export class WeakPasswordError extends DomainError {
  readonly code = 'AUTH.WEAK_PASSWORD';
  readonly kind = 'invalid';

  constructor(problem: PasswordProblem) {
    const message = passwordProblemMessages[problem];
    super(`The password ${message}.`, {
      details: { reason: problem },
      errors: [{ path: 'password', message }],
    });
  }
}
