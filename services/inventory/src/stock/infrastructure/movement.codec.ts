import type { Movement, MovementKind } from '../domain/movement.entity.js';

/** The movement a stock row carries, as JSON in its `last_movement` column. */
export function encodeMovement(movement: Movement): string {
  return JSON.stringify({ ...movement, at: movement.at.toISOString() });
}

export function decodeMovement(json: string | null | undefined): Movement | undefined {
  if (!json) return undefined;
  const raw = JSON.parse(json) as Omit<Movement, 'at' | 'kind'> & {
    at: string;
    kind: MovementKind;
  };
  return { ...raw, at: new Date(raw.at) };
}
