/** Who made the request, as the verified access token says. */
export interface AuthenticatedUser {
  /** The token's `sub`. */
  id: string;
  roles: string[];
  email?: string;
}

// Keyed by the request object, so that nothing is added to Fastify's request shape and the
// entry goes away with the request.
const users = new WeakMap<object, AuthenticatedUser>();

/** Records the user the guard authenticated for `request`. */
export function setCurrentUser(request: object, user: AuthenticatedUser): void {
  users.set(request, user);
}

/** The user authenticated for `request`, if the route is protected and the token was valid. */
export function currentUserOf(request: object): AuthenticatedUser | undefined {
  return users.get(request);
}
