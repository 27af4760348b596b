// The floor the catalog is compared against: a bare node:http server answering the same JSON
// bodies the catalog answers, with nothing in between (no framework, no cache, no database).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const bodies = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Record<string, string>;
const server = createServer((request, response) => {
  const body = bodies[request.url?.split('?')[0] ?? ''];
  if (body === undefined) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[3]), '127.0.0.1', () => process.stdout.write('listening\n'));
