/**
 * A service's problem body with its `instance` (the path of the failed request, as the service
 * saw it) put under the gateway's prefix, so that it names the path the client called. Anything
 * that is not a JSON object with such an instance is returned as it came.
 */
export function rebaseProblemInstance(body: Buffer, prefix: string): Buffer {
  let problem: unknown;
  try {
    problem = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  if (typeof problem !== 'object' || problem === null || !('instance' in problem)) return body;
  const { instance } = problem;
  if (typeof instance !== 'string' || !instance.startsWith('/') || instance.startsWith('//')) {
    return body;
  }
  return Buffer.from(JSON.stringify({ ...problem, instance: `${prefix}${instance}` }));
}
