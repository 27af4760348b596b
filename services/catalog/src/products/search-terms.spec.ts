import { describe, expect, it } from 'vitest';
import {
  MAX_TERM_LENGTH,
  normalizeText,
  prefixes,
  productTerms,
  queryTokens,
  tokenize,
} from './search-terms.js';

describe('search terms', () => {
  it('folds case and accents', () => {
    expect(normalizeText('Crème BRÛLÉE Ångström')).toBe('creme brulee angstrom');
  });

  it('splits on anything but letters and digits', () => {
    expect(tokenize('Mug-42 (blue), 0.5 l!')).toEqual(['mug', '42', 'blue', '0', '5', 'l']);
    expect(tokenize('  ---  ')).toEqual([]);
  });

  it('cuts long words, counting characters rather than UTF-16 units', () => {
    const long = 'x'.repeat(40);
    expect(tokenize(long)).toEqual(['x'.repeat(MAX_TERM_LENGTH)]);
    expect(tokenize('𠀀'.repeat(25))[0]).toHaveLength(MAX_TERM_LENGTH * 2); // astral: 2 units each
  });

  it('lists every prefix of a token', () => {
    expect(prefixes('mug')).toEqual(['m', 'mu', 'mug']);
  });

  it('indexes prefixes of the name, SKU and attribute values, and whole description words', () => {
    const terms = productTerms({
      sku: 'MUG-042',
      name: 'Café Mug',
      description: 'Stoneware, dishwasher safe',
      attributes: [{ key: 'colour', value: 'Deep Blue' }],
    });
    expect(terms.nameTerms).toEqual(['c', 'ca', 'caf', 'cafe', 'm', 'mu', 'mug']);
    expect(terms.searchTerms).toEqual(
      expect.arrayContaining(['cafe', 'mu', '04', '042', 'de', 'blue', 'stoneware', 'safe']),
    );
    // Description words are whole words only, and attribute keys are not searchable.
    expect(terms.searchTerms).not.toContain('stone');
    expect(terms.searchTerms).not.toContain('colour');
    expect(new Set(terms.searchTerms).size).toBe(terms.searchTerms.length);
  });

  it('bounds the number of terms of a long description', () => {
    const description = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const terms = productTerms({ sku: 'A-1', name: 'A', description, attributes: [] });
    expect(terms.searchTerms.length).toBeLessThanOrEqual(600);
  });

  it('makes distinct query tokens the same way', () => {
    expect(queryTokens('Blue  MUG blue')).toEqual(['blue', 'mug']);
  });
});
