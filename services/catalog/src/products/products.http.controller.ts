import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { productListQuerySchema, type ProductListQuery } from '@shop/contracts';
import { Public, ZodParam, ZodQuery } from '@shop/platform-http';
import { sendCacheable, versionEtag } from './http-caching.js';
import {
  catalogProductPageSchema,
  catalogProductSchema,
  idOrSlugSchema,
} from './products.schema.js';
import { ProductsService } from './products.service.js';

/** Storefront reads: public, cacheable by browsers and CDNs for a short while. */
@ApiTags('products')
@Public()
@Controller('products')
export class ProductsHttpController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @ApiOkResponse({ schema: z.toJSONSchema(catalogProductPageSchema, { io: 'output' }) as object })
  async list(
    @ZodQuery(productListQuerySchema) query: ProductListQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { page, etag } = await this.products.list(query);
    // Lists change with every write anywhere in the catalog: a short max-age.
    sendCacheable(request, reply, { etag, cacheControl: 'public, max-age=5', body: page });
  }

  @Get(':idOrSlug')
  @ApiOkResponse({ schema: z.toJSONSchema(catalogProductSchema, { io: 'output' }) as object })
  async get(
    @ZodParam('idOrSlug', idOrSlugSchema) idOrSlug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const product = await this.products.getActive(idOrSlug);
    sendCacheable(request, reply, {
      etag: versionEtag(product.version),
      cacheControl: 'public, max-age=30',
      body: product,
    });
  }
}
