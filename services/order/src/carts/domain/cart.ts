import { CartFullError, CartItemNotFoundError, CartQuantityError } from './cart.errors.js';

/** More than a shopping cart needs, few enough that a checkout stays a small message. */
export const MAX_CART_LINES = 50;
/** Per line: larger quantities are a back-office order, not a cart. */
export const MAX_CART_QUANTITY = 99;

export interface CartItem {
  sku: string;
  quantity: number;
}

/**
 * A customer's cart: SKUs and quantities, no prices (those come from the price projection when
 * the cart is shown or ordered). `version` is what the store compares on save, so that two
 * concurrent changes cannot both pass the limits.
 */
export class Cart {
  private constructor(
    readonly customerId: string,
    private readonly items: Map<string, number>,
    readonly version: number,
  ) {}

  static empty(customerId: string): Cart {
    return new Cart(customerId, new Map(), 0);
  }

  static restore(customerId: string, items: readonly CartItem[], version: number): Cart {
    return new Cart(customerId, new Map(items.map((item) => [item.sku, item.quantity])), version);
  }

  /** Sorted by SKU, so a cart always reads the same. */
  get lines(): CartItem[] {
    return [...this.items]
      .map(([sku, quantity]) => ({ sku, quantity }))
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  }

  get isEmpty(): boolean {
    return this.items.size === 0;
  }

  has(sku: string): boolean {
    return this.items.has(sku);
  }

  /** Adds to the SKU's line, or opens one. */
  add(sku: string, quantity: number): void {
    checkQuantity(sku, quantity);
    const current = this.items.get(sku);
    if (current === undefined && this.items.size >= MAX_CART_LINES) {
      throw new CartFullError(MAX_CART_LINES);
    }
    const next = (current ?? 0) + quantity;
    checkQuantity(sku, next);
    this.items.set(sku, next);
  }

  /** Sets the quantity of a line already in the cart. */
  setQuantity(sku: string, quantity: number): void {
    if (!this.items.has(sku)) throw new CartItemNotFoundError(sku);
    checkQuantity(sku, quantity);
    this.items.set(sku, quantity);
  }

  /** Removing what is not there is no error: a retried DELETE must succeed. */
  remove(sku: string): void {
    this.items.delete(sku);
  }
}

function checkQuantity(sku: string, quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_CART_QUANTITY) {
    throw new CartQuantityError(sku, quantity, MAX_CART_QUANTITY);
  }
}
