import type { CatalogProduct } from '../../src/products/products.schema.js';
import { call, type Answer } from './http.js';

let serial = 0;

/** A valid create request; `sku` unique per call unless given. */
export function newProductRequest(categoryId: string, overrides: Record<string, unknown> = {}) {
  serial += 1;
  const sku = `TST-${Date.now().toString(36).toUpperCase()}-${serial}`;
  return {
    sku,
    name: `Test Product ${serial}`,
    slug: `test-product-${sku.toLowerCase()}`,
    description: 'Made for a test.',
    categoryId,
    price: { amount: 1000 + serial, currency: 'EUR' },
    attributes: { colour: 'blue' },
    images: ['https://images.shop.example/test.jpg'],
    ...overrides,
  };
}

/** Creates a product through the admin API and returns it (fails the test on anything but 201). */
export async function createProduct(
  url: string,
  token: string,
  request: Record<string, unknown>,
): Promise<CatalogProduct> {
  const answer = await call<CatalogProduct>(`${url}/admin/products`, {
    method: 'POST',
    token,
    body: request,
  });
  if (answer.status !== 201)
    throw new Error(`create failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export function patchProduct(
  url: string,
  token: string,
  product: { id: string; version: number },
  body: unknown,
): Promise<Answer<CatalogProduct & { code?: string }>> {
  return call(`${url}/admin/products/${product.id}`, {
    method: 'PATCH',
    token,
    body,
    headers: { 'if-match': `"${product.version}"` },
  });
}
