import { randomUUID } from 'node:crypto';
import { send, type Answer, type RawRequest } from '../../src/http.ts';
import { expectOk } from './problem.ts';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export interface Me {
  id: string;
  email: string;
  roles: string[];
}

type Call = Omit<RawRequest, 'url'>;

/** Someone using the storefront API: anonymous until `register` or `login`. */
export class Client {
  tokens?: TokenPair;
  me?: Me;

  constructor(readonly api: string) {}

  get token(): string | undefined {
    return this.tokens?.accessToken;
  }

  /** A request as this client; `token: ''` sends none. */
  call<T = unknown>(path: string, options: Call = {}): Promise<Answer<T>> {
    const token = options.token ?? this.token;
    return send<T>({ ...options, url: `${this.api}${path}`, token: token || undefined });
  }

  async register(email = `chaos-${randomUUID()}@chaos.test`): Promise<this> {
    const answer = await this.call<TokenPair>('/auth/register', {
      body: { email, password: 'a chaos customer password' },
    });
    this.tokens = expectOk(answer, 201);
    this.me = expectOk(await this.call<Me>('/auth/me'));
    return this;
  }

  async login(email: string, password: string): Promise<this> {
    this.tokens = expectOk(
      await this.call<TokenPair>('/auth/login', { body: { email, password } }),
    );
    this.me = expectOk(await this.call<Me>('/auth/me'));
    return this;
  }

  get id(): string {
    if (!this.me) throw new Error('not signed in');
    return this.me.id;
  }
}
