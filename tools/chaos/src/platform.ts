/**
 * The platform the chaos suites attack: the five services on free ports with a namespace of their
 * own (`IsolatedPlatform`), auth signing with a key made here so that the suites can mint tokens
 * with one defect each.
 */
import { IsolatedPlatform, LOAD_RATE_LIMITS } from '@shop/launcher/isolated';
import { Shopper } from '@shop/launcher/shopper';
import { AUDIENCE, ISSUER, type ServiceName } from '@shop/launcher/services';
import { SigningKey, type TokenShape } from './tokens.ts';

export const CHAOS_ADMIN = {
  email: 'admin@chaos.test',
  password: 'the chaos suite admin password',
};
export const CHAOS_CUSTOMER = {
  email: 'customer@chaos.test',
  password: 'the chaos suite customer password',
  displayName: 'Chaos',
};

export const TOKEN_SHAPE: TokenShape = { issuer: ISSUER, audience: AUDIENCE };

export interface ChaosPlatformOptions {
  name: string;
  products: number;
  overrides?: Partial<Record<ServiceName, Record<string, string>>>;
}

export interface ChaosPlatform {
  shop: IsolatedPlatform;
  /** The key auth signs with: tokens made with it are the platform's own. */
  key: SigningKey;
  /** The prefix of every topic and consumer group of this run. */
  namespace: string;
}

export async function startChaosPlatform(options: ChaosPlatformOptions): Promise<ChaosPlatform> {
  const key = await SigningKey.generate();
  const overrides = { ...options.overrides };
  overrides.auth = { ...overrides.auth, AUTH_SIGNING_KEY: key.environmentValue };
  const shop = await IsolatedPlatform.start({
    name: options.name,
    products: options.products,
    admin: CHAOS_ADMIN,
    customer: CHAOS_CUSTOMER,
    overrides,
  });
  return { shop, key, namespace: shop.platform.settings.namespace };
}

/** The services behind the gateway: each is also a door of its own. */
export const BACKEND_SERVICES = ['auth', 'catalog', 'inventory', 'order'] as const;
export type BackendService = (typeof BACKEND_SERVICES)[number];

export interface LoadedShop {
  shop: IsolatedPlatform;
  /** Signed in as the platform's administrator (stock, admin reads). */
  admin: Shopper;
}

/**
 * The platform for suites that drive many checkouts from this one client (the flash sale, faults
 * under load): rate limits raised, the payment provider answering at once, an admin signed in.
 */
export async function startLoadedShop(
  name: string,
  options: { fronts?: boolean } = {},
): Promise<LoadedShop> {
  const admin = { email: `admin@${name}.test`, password: `an admin password for ${name}` };
  const shop = await IsolatedPlatform.start({
    name,
    products: 10,
    admin,
    customer: { email: `demo@${name}.test`, password: 'a demo password', displayName: 'Demo' },
    overrides: { order: { PAYMENT_LATENCY_MS: '5' }, gateway: { ...LOAD_RATE_LIMITS } },
    fronts: options.fronts,
  });
  const shopper = new Shopper(shop.api);
  await shopper.login(admin.email, admin.password);
  return { shop, admin: shopper };
}
