import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { AdminProductsHttpController } from './admin-products.http.controller.js';
import { AdminProductsService } from './admin-products.service.js';
import { ProductsHttpController } from './products.http.controller.js';
import { ProductsRepository } from './products.repository.js';
import { ProductsService } from './products.service.js';

@Module({
  imports: [CategoriesModule, OutboxModule],
  controllers: [ProductsHttpController, AdminProductsHttpController],
  providers: [ProductsRepository, ProductsService, AdminProductsService],
})
export class ProductsModule {}
