import { DomainError } from '@shop/platform-http';
import type { LedgerPosition } from '../infrastructure/ledger.repository.js';

export class InvalidCursorError extends DomainError {
  readonly code = 'INVENTORY.INVALID_CURSOR';
  readonly kind = 'invalid';

  constructor() {
    super('The cursor is not one this endpoint returned.', {
      errors: [{ path: 'cursor', message: 'Invalid cursor' }],
    });
  }
}

/** Opaque to clients: base64url of the position of the last movement of the previous page. */
export function encodeCursor(position: LedgerPosition): string {
  return Buffer.from(JSON.stringify([position.day, position.version])).toString('base64url');
}

export function decodeCursor(cursor: string): LedgerPosition {
  try {
    const [day, version] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      typeof day === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(day) &&
      Number.isSafeInteger(version)
    ) {
      return { day, version: version as number };
    }
  } catch {
    // Not JSON: the same answer as any other malformed cursor, below.
  }
  throw new InvalidCursorError();
}
