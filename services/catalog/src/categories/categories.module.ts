import { Module } from '@nestjs/common';
import { AdminCategoriesHttpController } from './admin-categories.http.controller.js';
import { CategoriesHttpController } from './categories.http.controller.js';
import { CategoriesRepository } from './categories.repository.js';
import { CategoriesService } from './categories.service.js';

@Module({
  controllers: [CategoriesHttpController, AdminCategoriesHttpController],
  providers: [CategoriesRepository, CategoriesService],
  exports: [CategoriesRepository],
})
export class CategoriesModule {}
