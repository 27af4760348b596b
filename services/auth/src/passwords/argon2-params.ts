/** argon2id cost parameters, as `@node-rs/argon2` and the PHC string (`m=…,t=…,p=…`) name them. */
export interface Argon2Params {
  /** Memory per lane, KiB (`m`). */
  memoryCost: number;
  /** Passes over the memory (`t`). */
  timeCost: number;
  /** Lanes (`p`). */
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet's first argon2id configuration: 19 MiB, 2 passes, 1 lane. */
export const OWASP_ARGON2_PARAMS: Readonly<Argon2Params> = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/**
 * OWASP lists equivalent configurations that trade memory for passes (47 MiB × 1 … 7 MiB × 5);
 * the lightest of them is the floor: at least 7 MiB, and at least its memory × passes.
 */
export const ARGON2_MIN_MEMORY_KIB = 7_168;
export const ARGON2_MIN_WORK = 7_168 * 5;

/** Whether `params` are one of OWASP's argon2id configurations or stronger. */
export function meetsOwaspFloor(params: Argon2Params): boolean {
  return (
    params.memoryCost >= ARGON2_MIN_MEMORY_KIB &&
    params.memoryCost * params.timeCost >= ARGON2_MIN_WORK &&
    params.parallelism >= 1
  );
}

/** What a stored hash says about how it was made (`parseOptions` of `@node-rs/argon2`). */
export interface StoredHashParams extends Argon2Params {
  /** 0 argon2d, 1 argon2i, 2 argon2id. */
  algorithm: number;
  /** 0 is version 0x10, 1 is 0x13. */
  version: number;
}

/** `Algorithm.Argon2id` and `Version.V0x13`: the package declares them as `const enum`s. */
export const ARGON2ID = 2;
export const ARGON2_VERSION_0X13 = 1;

/**
 * Whether a hash made with `stored` should be replaced by one made with `current`: any change of
 * the configured parameters counts, up or down, so that one setting describes every hash once
 * each user has logged in again.
 */
export function needsRehash(stored: StoredHashParams, current: Argon2Params): boolean {
  return (
    stored.algorithm !== ARGON2ID ||
    stored.version !== ARGON2_VERSION_0X13 ||
    stored.memoryCost !== current.memoryCost ||
    stored.timeCost !== current.timeCost ||
    stored.parallelism !== current.parallelism
  );
}
