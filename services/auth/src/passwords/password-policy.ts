import { readFileSync } from 'node:fs';

/** Shorter passwords fall to guessing; the contract's `passwordSchema` holds the same bounds. */
export const MIN_PASSWORD_LENGTH = 10;
/** Bounds the hashing work one request can cause, not the password's strength. */
export const MAX_PASSWORD_LENGTH = 128;

/** Why a password is refused; `undefined` from {@link passwordProblem} means it is accepted. */
export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/**
 * The passwords attackers try first (`common-passwords.txt`, one a line, lower case):
 * `Password123` is as guessable as `password123`, so candidates are compared lower-cased.
 */
export const commonPasswords: ReadonlySet<string> = loadBlocklist(
  new URL('./common-passwords.txt', import.meta.url),
);

/** Read once at start; a missing file fails the boot rather than accepting every password. */
export function loadBlocklist(file: URL): ReadonlySet<string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  return new Set(lines.filter((line) => line !== '' && !line.startsWith('#')));
}

/**
 * NIST SP 800-63B's rules for a memorized secret: a length floor, no composition rules (they
 * push people to `Password1!`), and a refusal of the passwords every attacker's list starts
 * with. Length counts code points, so an emoji is one character, as a person sees it.
 */
export function passwordProblem(
  password: string,
  blocklist: ReadonlySet<string> = commonPasswords,
): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (blocklist.has(password.toLowerCase())) return 'too_common';
  return undefined;
}

/** What to tell the person choosing the password. */
export const passwordProblemMessages: Readonly<Record<PasswordProblem, string>> = {
  too_short: `must be at least ${MIN_PASSWORD_LENGTH} characters long`,
  too_long: `must be at most ${MAX_PASSWORD_LENGTH} characters long`,
  too_common: 'is one of the most common passwords; choose another',
};
