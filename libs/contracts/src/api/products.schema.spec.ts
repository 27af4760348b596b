import { describe, expect, it } from 'vitest';
import { productListQuerySchema } from './products.schema.js';

describe('productListQuerySchema', () => {
  it('fills in the defaults of an empty query string', () => {
    expect(productListQuerySchema.parse({})).toEqual({ sort: 'relevance', limit: 20 });
  });

  it('turns numeric query strings into integers', () => {
    const query = productListQuerySchema.parse({ minPrice: '500', maxPrice: '2500', limit: '50' });
    expect(query).toMatchObject({ minPrice: 500, maxPrice: 2500, limit: 50 });
  });

  it.each([
    ['a limit above 100', { limit: '101' }],
    ['a limit of 0', { limit: '0' }],
    ['a negative price', { minPrice: '-1' }],
    ['a price in exponent notation', { maxPrice: '1e3' }],
    ['an empty price', { minPrice: '' }],
    ['a repeated parameter', { limit: ['10', '20'] }],
    ['an unknown sort', { sort: 'cheapest' }],
    ['minPrice above maxPrice', { minPrice: '900', maxPrice: '100' }],
    ['an overlong cursor', { cursor: 'c'.repeat(513) }],
    ['an unknown parameter', { page: '2' }],
  ])('refuses %s', (_, query) => {
    expect(productListQuerySchema.safeParse(query).success).toBe(false);
  });
});
