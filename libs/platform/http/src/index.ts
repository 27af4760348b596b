export {
  bootstrapHttpService,
  createHttpApp,
  type HttpApp,
  type HttpService,
} from './bootstrap.js';
export {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_OPENAPI_PATH,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  type CorsConfig,
  type HttpAppOptions,
  type HttpServiceOptions,
  type MetricsEndpoint,
  type OpenApiConfig,
  type RequestMetric,
} from './http-app.config.js';
export {
  DomainError,
  RequestValidationError,
  type DomainErrorKind,
  type DomainErrorOptions,
  type FieldError,
} from './errors.js';
export {
  PROBLEM_CONTENT_TYPE,
  STATUS_BY_KIND,
  problemTypeUri,
  type ProblemDetails,
} from './problem.js';
export { PlatformCodes } from './problem-mapping.js';
export { ProblemDetailsFilter } from './problem-details.filter.js';
export { REQUEST_ID_HEADER } from './request-id.js';
export { NOT_PROCESSED_HEADER } from './request-hooks.js';
export { ZodValidationPipe } from './validation/zod-validation.pipe.js';
export { ZodBody, ZodParam, ZodQuery } from './validation/zod.decorator.js';
export { requestJsonSchema } from './validation/zod-json-schema.js';
export { HealthModule } from './health/health.module.js';
export { ManagementServer } from './management/management-server.js';
export {
  parseTrustedProxies,
  trustedProxiesFromEnvironment,
  type TrustedProxies,
} from './trusted-proxies.js';
export {
  DEFAULT_CHECK_TIMEOUT_MS,
  HealthRegistry,
  type CheckOptions,
  type CheckResult,
  type ReadinessCheck,
  type ReadinessReport,
} from './health/health-registry.service.js';
export { NotReadyError } from './health/health.errors.js';
export { JwtAuthModule, type JwtAuthAsyncOptions } from './auth/jwt-auth.module.js';
export {
  ACCESS_TOKEN_ALGORITHMS,
  type AccessTokenAlgorithm,
  type JwtAuthOptions,
} from './auth/jwt-auth.config.js';
export { JwtAuthGuard } from './auth/jwt-auth.guard.js';
export { RolesGuard } from './auth/roles.guard.js';
export { TokenVerifier, type VerifiedAccessToken } from './auth/token-verifier.service.js';
export { TOKEN_REVOCATION_CHECK, type TokenRevocationCheck } from './auth/token-revocation.js';
export { CurrentUser, Public, Roles } from './auth/auth.decorator.js';
export { bearerTokenOf } from './auth/bearer-token.js';
export type { AuthenticatedUser } from './auth/current-user.js';
export {
  AuthenticationError,
  ForbiddenError,
  InvalidTokenError,
  KeySetUnavailableError,
  MissingTokenError,
  RevokedTokenError,
} from './auth/auth.errors.js';
