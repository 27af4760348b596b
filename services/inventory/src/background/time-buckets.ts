/** The start of the bucket of `sizeMs` that `time` falls in. */
export function bucketOf(time: Date | number, sizeMs: number): Date {
  const ms = typeof time === 'number' ? time : time.getTime();
  return new Date(Math.floor(ms / sizeMs) * sizeMs);
}

/** The instant a UUID v7 was minted: its first 48 bits are Unix milliseconds. */
export function uuidV7Time(id: string): number {
  const hex = id.replace(/-/g, '');
  if (hex.length !== 32 || hex[12] !== '7') throw new Error(`not a UUID v7: ${id}`);
  return Number.parseInt(hex.slice(0, 12), 16);
}

/** The UTC day of an instant, `YYYY-MM-DD`: sorts as text in time order. */
export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}
