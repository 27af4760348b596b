import { Controller, Get, Headers, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles, ZodBody, ZodParam } from '@shop/platform-http';
import { AdminProductsService } from './admin-products.service.js';
import { optionalIfMatch, requiredIfMatch, versionEtag } from './http-caching.js';
import type { WriteContext } from './product.event.js';
import {
  createProductRequestSchema,
  productIdSchema,
  updateProductRequestSchema,
  type CatalogProduct,
  type CreateProductRequest,
  type UpdateProductRequest,
} from './products.schema.js';

/** Admin writes. Responses carry the new version as `ETag`: the next `If-Match`. */
@ApiTags('admin')
@Roles('admin')
@Controller('admin/products')
export class AdminProductsHttpController {
  constructor(private readonly products: AdminProductsService) {}

  @Post()
  @HttpCode(201)
  async create(
    @ZodBody(createProductRequestSchema) body: CreateProductRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogProduct> {
    const product = await this.products.create(body, contextOf(request));
    void reply.header('location', `/admin/products/${product.id}`);
    return withValidators(reply, product);
  }

  @Get(':id')
  async get(
    @ZodParam('id', productIdSchema) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogProduct> {
    return withValidators(reply, await this.products.get(id));
  }

  @Patch(':id')
  async update(
    @ZodParam('id', productIdSchema) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @ZodBody(updateProductRequestSchema) body: UpdateProductRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogProduct> {
    const versions = requiredIfMatch(ifMatch);
    return withValidators(
      reply,
      await this.products.update(id, versions, body, contextOf(request)),
    );
  }

  @Post(':id/archive')
  @HttpCode(200)
  async archive(
    @ZodParam('id', productIdSchema) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogProduct> {
    const versions = optionalIfMatch(ifMatch);
    return withValidators(reply, await this.products.archive(id, versions, contextOf(request)));
  }
}

function withValidators(reply: FastifyReply, product: CatalogProduct): CatalogProduct {
  void reply.header('etag', versionEtag(product.version)).header('cache-control', 'no-store');
  return product;
}

function contextOf(request: FastifyRequest): WriteContext {
  return { correlationId: request.id };
}
