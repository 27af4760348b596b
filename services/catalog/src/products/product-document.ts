import { Types } from 'mongoose';
import type { Money } from '@shop/contracts';
import type { ProductDocument } from './product.entity.js';
import { normalizeText, productTerms } from './search-terms.js';

/** What an admin (or the seed) decides about a product; everything else is derived. */
export interface ProductFields {
  sku: string;
  name: string;
  slug: string;
  description?: string;
  categoryId: Types.ObjectId;
  price: Money;
  attributes: Record<string, string>;
  images: string[];
}

/** What may change after creation: everything but the SKU. */
export type ProductChanges = Partial<Omit<ProductFields, 'sku' | 'description'>> & {
  /** `null` removes the description. */
  description?: string | null;
};

/** A new, active product at version 1, without pending events yet. */
export function newProduct(
  fields: ProductFields,
  now: Date,
  id = new Types.ObjectId(),
): ProductDocument {
  return withDerived({
    _id: id,
    ...fields,
    attributes: toAttributeList(fields.attributes),
    status: 'active',
    version: 1,
    createdAt: now,
    updatedAt: now,
    pendingEvents: [],
  });
}

/** `current` with `changes` applied, one version on. */
export function changedProduct(
  current: ProductDocument,
  changes: ProductChanges,
  now: Date,
): ProductDocument {
  const { description, attributes, ...rest } = changes;
  const next: Omit<ProductDocument, 'nameKey' | 'searchTerms' | 'nameTerms'> = {
    ...current,
    ...definedOnly(rest),
    ...(attributes !== undefined && { attributes: toAttributeList(attributes) }),
    version: current.version + 1,
    updatedAt: now,
  };
  if (description === null) delete next.description;
  else if (description !== undefined) next.description = description;
  return withDerived(next);
}

/** `current` withdrawn from sale, one version on. */
export function archivedProduct(current: ProductDocument, now: Date): ProductDocument {
  return { ...current, status: 'archived', version: current.version + 1, updatedAt: now };
}

/** `Café Mug (XL)` → `cafe-mug-xl`; at most 128 characters, as the slug schema allows. */
export function slugify(name: string): string {
  const slug = normalizeText(name)
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 128)
    .replace(/^-+|-+$/g, '');
  return slug || 'product';
}

/** The name as it sorts: case and accents ignored, cut so that a cursor holding it stays short. */
export function nameKeyOf(name: string): string {
  return [...normalizeText(name).trim()].slice(0, 64).join('');
}

function withDerived(
  product: Omit<ProductDocument, 'nameKey' | 'searchTerms' | 'nameTerms'>,
): ProductDocument {
  return { ...product, nameKey: nameKeyOf(product.name), ...productTerms(product) };
}

function toAttributeList(attributes: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value }));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
