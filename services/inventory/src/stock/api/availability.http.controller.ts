import { Controller, HttpCode, Post } from '@nestjs/common';
import { Public, ZodBody } from '@shop/platform-http';
import { StockService } from '../application/stock.service.js';
import { availabilityRequestSchema, type AvailabilityRequest } from './stock.schema.js';

/** What the storefront shows next to a product: for the gateway, without a token. */
@Public()
@Controller('availability')
export class AvailabilityHttpController {
  constructor(private readonly stock: StockService) {}

  /** Available units per SKU; a SKU inventory does not know has 0. */
  @Post()
  @HttpCode(200)
  async availability(
    @ZodBody(availabilityRequestSchema) body: AvailabilityRequest,
  ): Promise<{ items: { sku: string; available: number }[] }> {
    return { items: await this.stock.availability(body.skus) };
  }
}
