import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles, ZodBody } from '@shop/platform-http';
import { createCategoryRequestSchema, type CreateCategoryRequest } from './categories.schema.js';
import { CategoriesService, type CategoryView } from './categories.service.js';

/**
 * Admin writes to the tree: how the demo data set (and any shop's own) gets its categories
 * through the service rather than into its store. Create only: a slug, once taken, stays.
 */
@ApiTags('admin')
@Roles('admin')
@Controller('admin/categories')
export class AdminCategoriesHttpController {
  constructor(private readonly categories: CategoriesService) {}

  @Post()
  @HttpCode(201)
  create(@ZodBody(createCategoryRequestSchema) body: CreateCategoryRequest): Promise<CategoryView> {
    return this.categories.create(body);
  }
}
