import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as a stand-in service saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (request: SeenRequest, response: ServerResponse) => void | Promise<void>;

/** Answers 200 with `body` as JSON. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response
      .writeHead(status, { 'content-type': 'application/json', ...headers })
      .end(JSON.stringify(body));
  };
}

/** Answers a problem+json, as the platform's services do. */
export function problem(status: number, code: string): Handler {
  return (request, response) => {
    response
      .writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8' })
      .end(
        JSON.stringify({ type: 'about:blank', title: 'x', status, code, instance: request.url }),
      );
  };
}

/**
 * A service stand-in on 127.0.0.1: records every request it gets and answers with `handler`
 * (changeable per test). It can be stopped and started again on the same port, like a service
 * restarting.
 */
export class StandIn {
  readonly seen: SeenRequest[] = [];
  handler: Handler = json({ ok: true });
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(private port: number) {}

  static async start(): Promise<StandIn> {
    const standIn = new StandIn(0);
    await standIn.listen();
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The requests seen whose path starts with `path`. */
  seenAt(path: string): SeenRequest[] {
    return this.seen.filter((request) => request.url.startsWith(path));
  }

  async listen(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and cuts every connection, as a killed process would. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const seen: SeenRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.seen.push(seen);
    try {
      await this.handler(seen, response);
    } catch {
      response.destroy();
    }
  }
}
