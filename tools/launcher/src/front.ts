/**
 * A TCP front on a service's public port, standing in for a Kubernetes Service: each connection
 * is piped to the backend port of the moment, so that another process of the service can take
 * over a port the clients and the other services keep using (`Platform.rollingRestart`).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class Front {
  private server?: Server;
  private backend?: number;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly host = '127.0.0.1',
  ) {}

  /** Where new connections go; `undefined` while the front refuses them. */
  get target(): number | undefined {
    return this.backend;
  }

  /**
   * Sends new connections to `backend`. Those already open stay with the process they reached,
   * as kube-proxy's connection tracking keeps them: that process's drain must end them.
   */
  async route(backend: number): Promise<void> {
    this.backend = backend;
    if (this.server) return;
    const server = createServer({ allowHalfOpen: true }, (client) => this.pipe(client));
    this.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.port, this.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.server = undefined;
      throw error;
    }
  }

  /**
   * Stops listening: the port refuses connections, as a Service with no ready endpoint does, so
   * that a stopped service looks stopped (the gateway answers 503 at once) and its port is free.
   */
  refuse(): void {
    this.backend = undefined;
    this.server?.close();
    this.server = undefined;
  }

  /** Refuses new connections and cuts those still open. */
  close(): void {
    this.refuse();
    for (const socket of this.sockets) socket.destroy();
  }

  private pipe(client: Socket): void {
    if (this.backend === undefined) {
      client.destroy();
      return;
    }
    // Half-open on both sides: a client that ends its request still reads the answer.
    const backend = connect({ port: this.backend, host: this.host, allowHalfOpen: true });
    // A connection broken on one side is broken on both, as it would be without the front.
    const cut = () => {
      client.destroy();
      backend.destroy();
    };
    for (const socket of [client, backend]) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('error', cut);
    }
    client.pipe(backend);
    backend.pipe(client);
  }
}
