import { DomainError } from '@shop/platform-http';

export class ProductNotFoundError extends DomainError {
  readonly code = 'CATALOG.PRODUCT_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(idOrSlug: string) {
    super(`Product ${idOrSlug} does not exist.`, { details: { product: idOrSlug } });
  }
}

/** `If-Match` names a version that is no longer the product's current one. */
export class VersionMismatchError extends DomainError {
  readonly code = 'CATALOG.VERSION_MISMATCH';
  readonly kind = 'precondition_failed';
  constructor(productId: string, currentVersion: number) {
    super(`Product ${productId} has changed; it is at version ${currentVersion}.`, {
      details: { productId, currentVersion },
    });
  }
}

/** `If-Match` is not one or more quoted versions (`"3"`). */
export class InvalidIfMatchError extends DomainError {
  readonly code = 'CATALOG.INVALID_IF_MATCH';
  readonly kind = 'invalid';
  constructor() {
    super('If-Match must be the product version as an entity tag, e.g. "3".');
  }
}

export class SkuTakenError extends DomainError {
  readonly code = 'CATALOG.SKU_TAKEN';
  readonly kind = 'conflict';
  constructor(sku: string) {
    super(`Another product already has SKU ${sku}.`, { details: { sku } });
  }
}

export class SlugTakenError extends DomainError {
  readonly code = 'CATALOG.SLUG_TAKEN';
  readonly kind = 'conflict';
  constructor(slug: string) {
    super(`Another product already has slug ${slug}.`, { details: { slug } });
  }
}

export class CategoryNotFoundError extends DomainError {
  readonly code = 'CATALOG.CATEGORY_NOT_FOUND';
  readonly kind = 'unprocessable';
  constructor(categoryId: string) {
    super(`Category ${categoryId} does not exist.`, { details: { categoryId } });
  }
}

export class CurrencyNotSupportedError extends DomainError {
  readonly code = 'CATALOG.CURRENCY_NOT_SUPPORTED';
  readonly kind = 'unprocessable';
  constructor(currency: string, storeCurrency: string) {
    super(`Prices must be in ${storeCurrency}, the store currency; got ${currency}.`, {
      details: { currency, storeCurrency },
    });
  }
}

/** The `cursor` was not made by this service for this very query. */
export class InvalidCursorError extends DomainError {
  readonly code = 'CATALOG.INVALID_CURSOR';
  readonly kind = 'invalid';
  constructor(reason: string) {
    super(`The cursor is not valid for this query: ${reason}.`, {
      errors: [{ path: 'cursor', message: reason }],
    });
  }
}

export class QueryTooLongError extends DomainError {
  readonly code = 'CATALOG.QUERY_TOO_LONG';
  readonly kind = 'invalid';
  constructor(max: number) {
    super(`The search query may hold at most ${max} distinct words.`, {
      errors: [{ path: 'q', message: `at most ${max} distinct words` }],
    });
  }
}

/**
 * The product has too many events that Kafka has not acknowledged yet (Kafka is down): refusing
 * more writes keeps its document from growing without bound.
 */
export class EventBacklogError extends DomainError {
  readonly code = 'CATALOG.EVENT_BACKLOG';
  readonly kind = 'unavailable';
  constructor(productId: string) {
    super(`Product ${productId} has too many unpublished changes; try again shortly.`, {
      details: { productId },
      retryAfterSeconds: 5,
    });
  }
}

/** A category's slug names it in URLs and in the tree's paths: it is unique. */
export class CategorySlugTakenError extends DomainError {
  readonly code = 'CATALOG.CATEGORY_SLUG_TAKEN';
  readonly kind = 'conflict';
  constructor(slug: string) {
    super(`A category with slug ${slug} already exists.`, { details: { slug } });
  }
}
