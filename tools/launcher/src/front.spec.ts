import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@shop/testing';
import { Front } from './front.ts';

/** A backend that answers each connection's data with its name, and the end with an end. */
async function backend(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    let heard = '';
    socket.on('data', (chunk) => (heard += String(chunk)));
    socket.on('end', () => socket.end(`${name} heard ${heard}`));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return { server, port: address.port };
}

/** Connects to the front; resolves once the connection is open. */
async function open(port: number): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  await once(socket, 'connect');
  return socket;
}

/** Sends `text`, ends the request side, and reads the answer to its end. */
async function ask(socket: Socket, text: string): Promise<string> {
  let answer = '';
  socket.on('data', (chunk) => (answer += String(chunk)));
  socket.end(text);
  await once(socket, 'end');
  return answer;
}

const servers: Server[] = [];
let front: Front | undefined;

afterEach(() => {
  front?.close();
  for (const server of servers.splice(0)) server.close();
});

describe('Front', () => {
  it('pipes each connection to its backend, half-closes included', async () => {
    const a = await backend('a');
    servers.push(a.server);
    front = new Front(await freePort());
    await front.route(a.port);
    expect(await ask(await open(front.port), 'hello')).toBe('a heard hello');
  });

  it('sends new connections to a new backend and leaves open ones where they are', async () => {
    const [a, b] = [await backend('a'), await backend('b')];
    servers.push(a.server, b.server);
    front = new Front(await freePort());
    await front.route(a.port);
    const before = await open(front.port);
    await front.route(b.port);
    expect(await ask(await open(front.port), 'new')).toBe('b heard new');
    expect(await ask(before, 'old')).toBe('a heard old');
  });

  it('refuses connections while it has no backend, and frees its port', async () => {
    const a = await backend('a');
    servers.push(a.server);
    front = new Front(await freePort());
    await front.route(a.port);
    front.refuse();
    expect(front.target).toBeUndefined();
    const refused = connect({ port: front.port, host: '127.0.0.1' });
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
    await front.route(a.port);
    expect(await ask(await open(front.port), 'back')).toBe('a heard back');
  });

  it('cuts a connection whose backend is gone', async () => {
    front = new Front(await freePort());
    await front.route(await freePort());
    const socket = await open(front.port);
    socket.resume();
    await once(socket, 'end');
  });
});
