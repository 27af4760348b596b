import {
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JWT_AUTH_OPTIONS, resolveJwtAuthOptions, type JwtAuthOptions } from './jwt-auth.config.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { RolesGuard } from './roles.guard.js';
import { TokenVerifier } from './token-verifier.service.js';

/** Options of {@link JwtAuthModule.forRootAsync}, e.g. to read them from the typed config. */
export interface JwtAuthAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => JwtAuthOptions | Promise<JwtAuthOptions>;
}

/**
 * Protects every HTTP route of the service with a bearer access token verified against the
 * auth service's JWKS (`JwtAuthGuard`), and enforces `@Roles(...)` (`RolesGuard`).
 * Opt a route out with `@Public()`.
 */
@Module({})
export class JwtAuthModule {
  /** Configures the guards with static options. */
  static forRoot(options: JwtAuthOptions): DynamicModule {
    const resolved = resolveJwtAuthOptions(options);
    return JwtAuthModule.withOptionsProvider({ provide: JWT_AUTH_OPTIONS, useValue: resolved });
  }

  /** Configures the guards with options from a factory (config, secrets). */
  static forRootAsync(options: JwtAuthAsyncOptions): DynamicModule {
    const module = JwtAuthModule.withOptionsProvider({
      provide: JWT_AUTH_OPTIONS,
      inject: options.inject ?? [],
      useFactory: async (...args: never[]) =>
        resolveJwtAuthOptions(await options.useFactory(...args)),
    });
    return { ...module, imports: options.imports ?? [] };
  }

  private static withOptionsProvider(optionsProvider: Provider): DynamicModule {
    return {
      module: JwtAuthModule,
      providers: [
        optionsProvider,
        TokenVerifier,
        // Global guards run in this order: authenticate first, then check roles.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
