import { Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  addCartItemRequestSchema,
  skuSchema,
  updateCartItemRequestSchema,
  type AddCartItemRequest,
  type CartResponse,
  type UpdateCartItemRequest,
} from '@shop/contracts';
import { CurrentUser, ZodBody, ZodParam, type AuthenticatedUser } from '@shop/platform-http';
import { customerIdOf } from '../../customers/customer-id.js';
import { CartsService } from '../application/carts.service.js';

/** The signed-in customer's cart; there is no way to name anyone else's. */
@ApiTags('cart')
@Controller('cart')
export class CartHttpController {
  constructor(@Inject(CartsService) private readonly carts: CartsService) {}

  @Get()
  view(@CurrentUser() user: AuthenticatedUser): Promise<CartResponse> {
    return this.carts.view(customerIdOf(user));
  }

  /** Adds to the SKU's line (or opens one); answers with the whole cart. */
  @Post('items')
  @HttpCode(200)
  add(
    @CurrentUser() user: AuthenticatedUser,
    @ZodBody(addCartItemRequestSchema) body: AddCartItemRequest,
  ): Promise<CartResponse> {
    return this.carts.addItem(customerIdOf(user), body.sku, body.quantity);
  }

  @Patch('items/:sku')
  update(
    @CurrentUser() user: AuthenticatedUser,
    @ZodParam('sku', skuSchema) sku: string,
    @ZodBody(updateCartItemRequestSchema) body: UpdateCartItemRequest,
  ): Promise<CartResponse> {
    return this.carts.setQuantity(customerIdOf(user), sku, body.quantity);
  }

  @Delete('items/:sku')
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @ZodParam('sku', skuSchema) sku: string,
  ): Promise<CartResponse> {
    return this.carts.removeItem(customerIdOf(user), sku);
  }

  @Delete()
  @HttpCode(204)
  async clear(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.carts.clear(customerIdOf(user));
  }
}
