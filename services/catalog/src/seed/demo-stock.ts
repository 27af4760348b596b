/**
 * Units a demo SKU starts with, by its position in the SKU-sorted catalog: most have plenty, every
 * 25th is low (3), every 50th is sold out (0), so the demo shows every availability state.
 */
export function demoStock(sku: string, index: number): number {
  if (index % 50 === 49) return 0;
  if (index % 25 === 24) return 3;
  let hash = 0;
  for (const char of sku) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 20 + (hash % 180);
}
