/**
 * Text search without `$text` (FerretDB has none, and its stemming would differ from MongoDB's
 * anyway): every product stores the normalized terms it can be found by, and a query matches when
 * each of its tokens is one of those terms. ADR 0006 weighs the costs.
 */

/** Longer words are cut here, in the index and in queries alike. */
export const MAX_TERM_LENGTH = 20;
/** More query words than this are refused: relevance ranks by subsets of them (`list-query.ts`). */
export const MAX_QUERY_TOKENS = 6;
/** Description words that become terms (whole words only, no prefixes). */
const MAX_DESCRIPTION_TERMS = 150;
/** Bound on one product's terms: the multikey index grows by one entry per term. */
const MAX_SEARCH_TERMS = 600;

/** Lower case, accents folded (`Crème Brûlée` → `creme brulee`). */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of `text`: runs of letters and digits, normalized and cut to {@link MAX_TERM_LENGTH}. */
export function tokenize(text: string): string[] {
  return normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => [...word].slice(0, MAX_TERM_LENGTH).join(''));
}

/** `mug` → `m`, `mu`, `mug`: what makes "search as you type" match. */
export function prefixes(token: string): string[] {
  const chars = [...token];
  return chars.map((_, i) => chars.slice(0, i + 1).join(''));
}

/** What a product is found by. */
export interface SearchableProduct {
  sku: string;
  name: string;
  description?: string;
  attributes: readonly { key: string; value: string }[];
}

export interface ProductTerms {
  /** Every term the product matches: prefixes of name, SKU and attribute words; description words. */
  searchTerms: string[];
  /** Prefixes of the name's words alone: relevance counts the query tokens found here. */
  nameTerms: string[];
}

export function productTerms(product: SearchableProduct): ProductTerms {
  const nameTerms = unique(tokenize(product.name).flatMap(prefixes));
  const exact = unique([
    ...tokenize(product.sku),
    ...product.attributes.flatMap((attribute) => tokenize(attribute.value)),
  ]).flatMap(prefixes);
  const description = unique(tokenize(product.description ?? '')).slice(0, MAX_DESCRIPTION_TERMS);
  const searchTerms = unique([...nameTerms, ...exact, ...description]).slice(0, MAX_SEARCH_TERMS);
  return { searchTerms, nameTerms };
}

/** The distinct tokens of a query, in order of first appearance. */
export function queryTokens(q: string): string[] {
  return unique(tokenize(q));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
