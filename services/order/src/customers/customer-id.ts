import { uuidSchema } from '@shop/contracts';
import { DomainError, type AuthenticatedUser } from '@shop/platform-http';

/** Orders name their customer by a UUID (the contract's `customerId`); auth mints them so. */
export class CustomerIdInvalidError extends DomainError {
  readonly code = 'ORDER.CUSTOMER_ID_INVALID';
  readonly kind = 'forbidden';
  constructor() {
    super('The token does not name a customer account (its subject is not a user id).');
  }
}

/** The signed-in customer's id: the token's subject, which must be a user id. */
export function customerIdOf(user: AuthenticatedUser): string {
  if (!uuidSchema.safeParse(user.id).success) throw new CustomerIdInvalidError();
  return user.id.toLowerCase();
}
