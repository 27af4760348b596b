/** One registered route: its methods and a matcher for concrete paths. */
interface RouteEntry {
  methods: string[];
  matches: (path: string) => boolean;
}

/**
 * The routes Fastify registered, to tell "no such resource" (404) from "no such method on this
 * resource" (405), which Fastify's router does not: it answers both with its not-found handler.
 */
export class RouteTable {
  private readonly routes: RouteEntry[] = [];

  /** Records a route as Fastify's `onRoute` hook reports it. */
  add(method: string | string[], url: string): void {
    // `*` catch-alls (the CORS preflight route) match every path: they say nothing about it.
    if (url === '*' || url === '/*') return;
    this.routes.push({ methods: [method].flat(), matches: matcherFor(url) });
  }

  /** The methods some route serves at `path` (without its query), sorted; none for an unknown path. */
  allowedMethods(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) {
      if (route.matches(path)) route.methods.forEach((method) => methods.add(method));
    }
    return [...methods].sort();
  }
}

/** A matcher for a Fastify route path: `:param` is one non-empty segment, a final `*` the rest. */
function matcherFor(url: string): (path: string) => boolean {
  const source = url
    .split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*$)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const pattern = new RegExp(`^${source}$`);
  return (path) => pattern.test(path);
}
