import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { HealthRegistry } from '@shop/platform-http';
import { ORDER_CONFIG } from '../config/config.module.js';
import type { OrderConfig } from '../config/order.config.js';
import { migrateExclusively } from '@shop/platform-postgres';
import { orderMigrations, MIGRATION_LOCK } from './migrations.js';

/** Registers the readiness check of the service's own store. */
@Injectable()
class PostgresHealth implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('postgres', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }
}

/**
 * The Postgres data source, without entities: the repositories write SQL, because what matters
 * here (row locks, SKIP LOCKED, conditional upserts, the idempotency key's unique index) is
 * clearer in SQL than behind an ORM. Migrations run before any other module gets the source.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ORDER_CONFIG],
      useFactory: (config: OrderConfig) => ({
        type: 'postgres' as const,
        url: config.postgresUrl,
        migrations: orderMigrations,
        migrationsRun: false,
        synchronize: false,
        poolSize: 20,
        retryAttempts: 5,
        retryDelay: 1_000,
      }),
      dataSourceFactory: async (options?: DataSourceOptions) => {
        if (!options) throw new Error('TypeORM options missing');
        const dataSource = await new DataSource(options).initialize();
        try {
          await migrateExclusively(dataSource, MIGRATION_LOCK);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
  providers: [PostgresHealth],
})
export class DatabaseModule {}
