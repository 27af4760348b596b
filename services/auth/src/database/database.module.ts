import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { HealthRegistry } from '@shop/platform-http';
import { UserEntity } from '../accounts/user.entity.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config.js';
import { migrateExclusively } from '@shop/platform-postgres';
import { authMigrations, MIGRATION_LOCK } from '../migrations/migrations.js';
import { RefreshFamilyEntity } from '../tokens/refresh-family.entity.js';
import { RefreshTokenEntity } from '../tokens/refresh-token.entity.js';

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
 * The Postgres data source. Migrations run before any other module gets it (schema sync is
 * off): a replica never serves on a schema older than its code.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AUTH_CONFIG],
      useFactory: (config: AuthConfig) => ({
        type: 'postgres' as const,
        url: config.postgresUrl,
        entities: [UserEntity, RefreshFamilyEntity, RefreshTokenEntity],
        migrations: authMigrations,
        migrationsRun: false,
        synchronize: false,
        poolSize: 10,
        // A few tries while Postgres starts next to the service, then the boot fails loudly.
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
