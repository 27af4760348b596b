import { Module, type DynamicModule } from '@nestjs/common';
import { JwtAuthModule } from '@shop/platform-http';
import { CacheModule } from './cache/cache.module.js';
import { CategoriesModule } from './categories/categories.module.js';
import { CatalogConfigModule, type CatalogConfig } from './config/catalog.config.js';
import { DatabaseModule } from './database/database.module.js';
import { ProductsModule } from './products/products.module.js';

@Module({})
export class AppModule {
  /** The catalog, configured: `main.ts` passes the environment's config, tests their own. */
  static forRoot(config: CatalogConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CatalogConfigModule.forRoot(config),
        JwtAuthModule.forRoot({
          jwksUrl: config.AUTH_JWKS_URL,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
        }),
        DatabaseModule,
        CacheModule,
        CategoriesModule,
        ProductsModule,
      ],
    };
  }
}
