/**
 * A bare `node:http` server answering every request with the JSON it was given (BODY_FILE): the
 * ceiling of what one Node process serves on this machine, for the bench's first comparison.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.BODY_FILE ?? '', 'utf8');
createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}).listen(Number(process.env.PORT ?? 0), '127.0.0.1');
