import {
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { HealthRegistry } from '@shop/platform-http';
import { CATALOG_CONFIG, type CatalogConfig } from '../config/catalog.config.js';
import { KeyedMutex } from './keyed-mutex.js';

/** Injection token of the service's mongoose connection. */
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');

/** Serializes the writes to one product document in this process (see {@link KeyedMutex}). */
@Injectable()
export class ProductWriteLock extends KeyedMutex {}

/** Opens the connection; boot fails when MongoDB cannot be reached within the selection timeout. */
export async function connectMongo(url: string, database: string): Promise<Connection> {
  return mongoose
    .createConnection(url, {
      dbName: database,
      serverSelectionTimeoutMS: 5_000,
      // Indexes are created explicitly at boot (repositories' onModuleInit), never lazily.
      autoIndex: false,
      autoCreate: false,
      maxPoolSize: 20,
    })
    .asPromise();
}

/** The driver's database behind `connection`, for the writes whose exact shape matters. */
export function nativeDb(connection: Connection): mongo.Db {
  if (!connection.db) throw new Error('the MongoDB connection is not open');
  return connection.db;
}

/** Registers the readiness check and closes the pool once the requests in flight are done. */
@Injectable()
class MongoLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('mongodb', async () => {
      await this.connection.db?.command({ ping: 1 });
    });
  }

  // onApplicationShutdown runs after every onModuleDestroy: the relay has stopped using the pool.
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: MONGO_CONNECTION,
      inject: [CATALOG_CONFIG],
      useFactory: (config: CatalogConfig) =>
        connectMongo(config.MONGODB_URL, config.MONGODB_DATABASE),
    },
    MongoLifecycle,
    ProductWriteLock,
  ],
  exports: [MONGO_CONNECTION, ProductWriteLock],
})
export class DatabaseModule {}
