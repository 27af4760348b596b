/**
 * Starts the platform on free ports (isolated, raised limits, PRODUCTS products, default 40) and
 * keeps it up until Ctrl-C, printing the storefront URL: a target for trying scenarios with
 * `npm run load -- <scenario> BASE_URL=...` without touching ports 3000–3004.
 */
import { LocalPlatform } from '../src/local-platform.ts';

const local = await LocalPlatform.start({
  products: Number(process.env.PRODUCTS ?? 40),
  log: (line) => console.log(line),
});
console.log(`storefront API: ${local.api}`);
const stop = () => {
  void local.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
