/**
 * The path to ask the upstream for: the route's path with its parameters filled in, plus the
 * request's query string as the client sent it (the service validates it).
 *
 * Fastify hands over parameters decoded, so each is encoded again: `../admin` or `a/b` stays one
 * segment on the upstream and cannot reach another of its routes.
 */
export function upstreamPath(
  routePath: string,
  params: Readonly<Record<string, string | undefined>>,
  rawUrl: string,
): string {
  const path = routePath.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
  const queryStart = rawUrl.indexOf('?');
  return queryStart === -1 ? path : `${path}${rawUrl.slice(queryStart)}`;
}

/** The names of a route path's parameters, in order: `/a/:id/b/:sku` → `['id', 'sku']`. */
export function pathParameters(routePath: string): string[] {
  return [...routePath.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] ?? '');
}
