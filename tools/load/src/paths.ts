import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..', '..');

/** A file-name-safe UTC timestamp, e.g. `2026-12-03T07-05-00-000Z`. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** Writes a report formatted as Prettier would, so committed results pass `format:check`. */
export async function writeFormatted(file: string, text: string): Promise<void> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}
