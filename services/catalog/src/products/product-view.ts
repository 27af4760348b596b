import type { z } from 'zod';
import type { productStateSchema } from '@shop/contracts';
import type { ProductDocument } from './product.entity.js';
import type { CatalogProduct } from './products.schema.js';

/** The API representation of a stored product. */
export function toProductView(product: ProductDocument): CatalogProduct {
  return {
    id: product._id.toHexString(),
    sku: product.sku,
    name: product.name,
    slug: product.slug,
    ...(product.description !== undefined && { description: product.description }),
    categoryId: product.categoryId.toHexString(),
    price: { amount: product.price.amount, currency: product.price.currency },
    status: product.status,
    attributes: Object.fromEntries(product.attributes.map(({ key, value }) => [key, value])),
    images: [...product.images],
    version: product.version,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

/** What `product.created` and `product.updated` carry: the whole state consumers project. */
export function productState(product: ProductDocument): z.infer<typeof productStateSchema> {
  return {
    productId: product._id.toHexString(),
    sku: product.sku,
    name: product.name,
    slug: product.slug,
    categoryId: product.categoryId.toHexString(),
    price: { amount: product.price.amount, currency: product.price.currency },
    status: product.status,
    productVersion: product.version,
  };
}
