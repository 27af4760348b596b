import { Inject, Injectable } from '@nestjs/common';
import type { CartResponse } from '@shop/contracts';
import { ORDER_CONFIG } from '../../config/config.module.js';
import type { OrderConfig } from '../../config/order.config.js';
import { PriceProjection } from '../../prices/price-projection.repository.js';
import { Cart } from '../domain/cart.js';
import {
  CartConflictError,
  CurrencyUnsupportedError,
  ProductUnavailableError,
} from '../domain/cart.errors.js';
import { RedisCartRepository } from '../infrastructure/redis-cart.repository.js';
import { cartView } from './cart-view.js';

/** Compare-and-set retries before giving up with 409: only one customer edits one cart. */
const SAVE_ATTEMPTS = 5;

/** A customer's cart: its rules are the domain's, its prices the projection's. */
@Injectable()
export class CartsService {
  private readonly currency: string;

  constructor(
    @Inject(RedisCartRepository) private readonly carts: RedisCartRepository,
    @Inject(PriceProjection) private readonly prices: PriceProjection,
    @Inject(ORDER_CONFIG) config: OrderConfig,
  ) {
    this.currency = config.cart.currency;
  }

  async view(customerId: string): Promise<CartResponse> {
    return this.render(await this.carts.load(customerId));
  }

  /** Only a product the projection knows, active and in the store's currency, goes in a cart. */
  async addItem(customerId: string, sku: string, quantity: number): Promise<CartResponse> {
    const product = (await this.prices.findBySkus([sku])).get(sku);
    if (!product?.available) throw new ProductUnavailableError([sku]);
    if (product.price.currency !== this.currency) {
      throw new CurrencyUnsupportedError(sku, product.price.currency, this.currency);
    }
    return this.render(await this.change(customerId, (cart) => cart.add(sku, quantity)));
  }

  async setQuantity(customerId: string, sku: string, quantity: number): Promise<CartResponse> {
    return this.render(await this.change(customerId, (cart) => cart.setQuantity(sku, quantity)));
  }

  async removeItem(customerId: string, sku: string): Promise<CartResponse> {
    return this.render(await this.change(customerId, (cart) => cart.remove(sku)));
  }

  async clear(customerId: string): Promise<void> {
    await this.carts.clear(customerId);
  }

  /** Load, apply the domain rule, save if nobody changed the cart meanwhile; else again. */
  private async change(customerId: string, apply: (cart: Cart) => void): Promise<Cart> {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const cart = await this.carts.load(customerId);
      apply(cart);
      if (await this.carts.save(cart)) return cart;
    }
    throw new CartConflictError();
  }

  private async render(cart: Cart): Promise<CartResponse> {
    const prices = await this.prices.findBySkus(cart.lines.map((line) => line.sku));
    return cartView(cart, prices, this.currency);
  }
}
