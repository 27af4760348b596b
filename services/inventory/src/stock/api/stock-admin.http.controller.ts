import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  CurrentUser,
  Roles,
  ZodBody,
  ZodParam,
  ZodQuery,
  type AuthenticatedUser,
} from '@shop/platform-http';
import type { Page } from '@shop/contracts';
import { StockService } from '../application/stock.service.js';
import type { Movement } from '../domain/movement.entity.js';
import type { StockLevel } from '../domain/stock.entity.js';
import { decodeCursor, encodeCursor } from './ledger-cursor.js';
import {
  adjustStockRequestSchema,
  movementsQuerySchema,
  setStockRequestSchema,
  stockParamSchema,
  type AdjustStockRequest,
  type MovementResponse,
  type MovementsQuery,
  type SetStockRequest,
  type StockResponse,
} from './stock.schema.js';

/** Stock corrections and the ledger, for admins. Every change publishes `stock.adjusted`. */
@Roles('admin')
@Controller('admin/stock')
export class StockAdminHttpController {
  constructor(private readonly stock: StockService) {}

  @Get(':sku')
  async get(@ZodParam('sku', stockParamSchema) sku: string): Promise<StockResponse> {
    return toResponse(await this.stock.level(sku));
  }

  /** Sets the available units (a stock take); creates the SKU's stock if it has none. */
  @Put(':sku')
  async set(
    @ZodParam('sku', stockParamSchema) sku: string,
    @ZodBody(setStockRequestSchema) body: SetStockRequest,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<StockResponse> {
    return toResponse(
      await this.stock.setAvailable({
        sku,
        available: body.available,
        reason: body.reason,
        userId: user.id,
      }),
    );
  }

  /** Adds or removes available units. */
  @Post(':sku/adjustments')
  @HttpCode(201)
  async adjust(
    @ZodParam('sku', stockParamSchema) sku: string,
    @ZodBody(adjustStockRequestSchema) body: AdjustStockRequest,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<StockResponse> {
    return toResponse(
      await this.stock.adjust({ sku, delta: body.delta, reason: body.reason, userId: user.id }),
    );
  }

  /** The SKU's ledger, newest first. */
  @Get(':sku/movements')
  async movements(
    @ZodParam('sku', stockParamSchema) sku: string,
    @ZodQuery(movementsQuerySchema) query: MovementsQuery,
  ): Promise<Page<MovementResponse>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const page = await this.stock.movements(sku, query.limit, after);
    return {
      items: page.items.map(toMovementResponse),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    };
  }
}

function toResponse(level: StockLevel): StockResponse {
  const { sku, available, reserved, committed, version } = level;
  return { sku, available, reserved, committed, version };
}

function toMovementResponse(movement: Movement): MovementResponse {
  return {
    version: movement.version,
    kind: movement.kind,
    reason: movement.reason,
    reference: movement.reference,
    delta: movement.delta,
    after: movement.after,
    at: movement.at.toISOString(),
  };
}
