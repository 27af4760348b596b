/**
 * `baseSeconds` ± `spread` (10 %), at least one second. Entries written together (a warm-up, a
 * list generation) then expire spread out instead of all missing in the same second.
 */
export function jitteredTtl(
  baseSeconds: number,
  random: () => number = Math.random,
  spread = 0.1,
): number {
  const factor = 1 - spread + 2 * spread * random();
  return Math.max(1, Math.round(baseSeconds * factor));
}
