import { TestAuth } from './auth.js';
import { dropKeys, startGateway, testEnvironment, type RunningGateway } from './gateway-app.js';
import { StandIn } from './stand-in.js';

/** A gateway in front of four stand-in services and a test JWKS: what most test files need. */
export interface TestPlatform {
  auth: TestAuth;
  services: { auth: StandIn; catalog: StandIn; inventory: StandIn; order: StandIn };
  gateway: RunningGateway;
  stop(): Promise<void>;
}

export async function startPlatform(
  name: string,
  overrides: Record<string, string> = {},
): Promise<TestPlatform> {
  const auth = await TestAuth.start();
  const services = {
    auth: await StandIn.start(),
    catalog: await StandIn.start(),
    inventory: await StandIn.start(),
    order: await StandIn.start(),
  };
  const upstreams = {
    auth: services.auth.url,
    catalog: services.catalog.url,
    inventory: services.inventory.url,
    order: services.order.url,
  };
  const gateway = await startGateway(testEnvironment(name, upstreams, auth.jwksUrl, overrides));
  return {
    auth,
    services,
    gateway,
    stop: async () => {
      await gateway.close();
      await Promise.all(Object.values(services).map((service) => service.stop()));
      await auth.close();
      await dropKeys(gateway.config.REDIS_KEY_PREFIX);
    },
  };
}
