import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { OpenApiConfig } from '../http-app.config.js';

/** Name of the bearer security scheme in the document. */
export const BEARER_SCHEME = 'bearer';

/**
 * The service's OpenAPI 3.1 document (3.1, because the zod decorators describe requests in
 * JSON Schema 2020-12). Every operation requires a bearer access token unless it is
 * `@Public()`, which gives it an empty security requirement.
 */
export function buildOpenApiDocument(app: INestApplication, config: OpenApiConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(config.title)
    .setVersion(config.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME);
  if (config.description) builder.setDescription(config.description);
  return SwaggerModule.createDocument(app, builder.build());
}

/**
 * Serves `document` as JSON at `path`. No Swagger UI here: the gateway serves one for all
 * services, so the services keep a CSP that allows no scripts at all.
 */
export function serveOpenApiDocument(
  app: INestApplication,
  path: string,
  document: OpenAPIObject,
): void {
  SwaggerModule.setup(path, app, document, { ui: false, raw: ['json'], jsonDocumentUrl: path });
}
