import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import {
  afterPosition,
  baseFilter,
  relevanceBucket,
  relevanceOf,
  sortSpec,
  subsetsOfSize,
} from './list-query.js';

describe('list query', () => {
  it('filters active products by every token, category subtree and price range', () => {
    const categoryIds = [new Types.ObjectId()];
    expect(
      baseFilter({ tokens: ['blue', 'mug'], categoryIds, minPrice: 100, maxPrice: 900 }),
    ).toEqual({
      status: 'active',
      searchTerms: { $all: ['blue', 'mug'] },
      categoryId: { $in: categoryIds },
      'price.amount': { $gte: 100, $lte: 900 },
    });
    expect(baseFilter({ tokens: [] })).toEqual({ status: 'active' });
  });

  it('sorts by key then id in one direction, so one index serves each sort', () => {
    expect(sortSpec('price_asc')).toEqual({ 'price.amount': 1, _id: 1 });
    expect(sortSpec('price_desc')).toEqual({ 'price.amount': -1, _id: -1 });
    expect(sortSpec('newest')).toEqual({ createdAt: -1, _id: -1 });
  });

  it('continues strictly after the last (key, id)', () => {
    const id = '65f0c0ffee0000000000abcd';
    expect(JSON.stringify(afterPosition('price_desc', { key: 500, id }))).toBe(
      JSON.stringify({
        $or: [
          { 'price.amount': { $lt: 500 } },
          { 'price.amount': 500, _id: { $lt: new Types.ObjectId(id) } },
        ],
      }),
    );
    const newest = afterPosition('newest', { key: 0, id }) as {
      $or: [{ createdAt: { $lt: Date } }];
    };
    expect(newest.$or[0].createdAt.$lt).toEqual(new Date(0));
  });

  it('selects the products with exactly n tokens in the name', () => {
    expect(relevanceBucket(['a', 'b'], 2)).toEqual({ nameTerms: { $all: ['a', 'b'] } });
    expect(relevanceBucket(['a', 'b'], 1)).toEqual({
      $or: [
        { nameTerms: { $all: ['a'], $nin: ['b'] } },
        { nameTerms: { $all: ['b'], $nin: ['a'] } },
      ],
    });
    expect(relevanceBucket(['a', 'b'], 0)).toEqual({ nameTerms: { $nin: ['a', 'b'] } });
  });

  it('counts relevance the way the buckets select it', () => {
    expect(relevanceOf(['blue', 'mug', 'xl'], ['b', 'bl', 'blue', 'm', 'mu', 'mug'])).toBe(2);
  });

  it('lists subsets of a size', () => {
    expect(subsetsOfSize([1, 2, 3], 2)).toEqual([
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(subsetsOfSize([1, 2, 3], 0)).toEqual([[]]);
    expect(subsetsOfSize([1], 2)).toEqual([]);
  });
});
