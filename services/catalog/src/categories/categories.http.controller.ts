import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Public } from '@shop/platform-http';
import { sendCacheable } from '../products/http-caching.js';
import { categoryListSchema } from '../products/products.schema.js';
import { CategoriesService } from './categories.service.js';

@ApiTags('categories')
@Public()
@Controller('categories')
export class CategoriesHttpController {
  constructor(private readonly categories: CategoriesService) {}

  /** The whole tree, flat and depth-first; `parentId` links it. */
  @Get()
  @ApiOkResponse({ schema: z.toJSONSchema(categoryListSchema, { io: 'output' }) as object })
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { list, etag } = await this.categories.list();
    sendCacheable(request, reply, { etag, cacheControl: 'public, max-age=60', body: list });
  }
}
