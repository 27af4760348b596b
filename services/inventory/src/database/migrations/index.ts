import type { Migration } from '../migrator.js';
import { initialSchema } from './0001-initial.js';

/** Every migration, in version order. Append only: an applied migration is never edited. */
export const migrations: readonly Migration[] = [initialSchema];
