import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { OrderConfig } from './order.config.js';

/** Injection token of the validated {@link OrderConfig}. */
export const ORDER_CONFIG = Symbol('ORDER_CONFIG');

/** Makes the validated configuration injectable everywhere as `ORDER_CONFIG`. */
@Global()
@Module({})
export class OrderConfigModule {
  static forRoot(config: OrderConfig): DynamicModule {
    return {
      module: OrderConfigModule,
      providers: [{ provide: ORDER_CONFIG, useValue: config }],
      exports: [ORDER_CONFIG],
    };
  }
}
