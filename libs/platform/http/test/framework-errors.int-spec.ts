import { connect } from 'node:net';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from './test-kit.js';

@Controller('items')
class ItemsController {
  @Get(':id')
  item(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

interface RawAnswer {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

/** Writes `raw` as it is (fetch would fix what these tests break) and reads the one answer. */
function rawRequest(port: number, raw: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let text = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      const contentType = /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '';
      try {
        resolve({ status, contentType, body: JSON.parse(body) as Record<string, unknown> });
      } catch {
        reject(new Error(`not JSON: ${text}`));
      }
    });
  });
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`;

describe('requests refused before any route runs', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let port: number;

  beforeAll(async () => {
    service = await startService(ItemsModule);
    port = Number(new URL(service.url).port);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('answers a path with broken percent-encoding with problem+json REQUEST.BAD_URL', async () => {
    const answer = await rawRequest(port, get('/items/%ZZ'));
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'REQUEST.BAD_URL', status: 400 });
  });

  it('answers a path parameter over the router limit with 414 REQUEST.URI_TOO_LONG', async () => {
    const answer = await rawRequest(port, get(`/items/${'a'.repeat(500)}`));
    expect(answer.status).toBe(414);
    expect(answer.body).toMatchObject({ code: 'REQUEST.URI_TOO_LONG' });
  });

  it('answers Content-Length with Transfer-Encoding (request smuggling) with REQUEST.MALFORMED', async () => {
    const answer = await rawRequest(
      port,
      'POST /items/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'REQUEST.MALFORMED' });
  });

  it('still serves a well-formed request', async () => {
    const answer = await rawRequest(port, get('/items/42'));
    expect(answer).toMatchObject({ status: 200, body: { id: '42' } });
  });
});
