/**
 * Proof that `runSmoke` works: starts the platform on free ports (isolated namespace, raised
 * limits, 40 products), runs the smoke scenario against its gateway and stops it again.
 * `node --import ./tools/ts-loader/register.mjs tools/load/test/smoke-check.ts` (devstack up).
 */
import { LocalPlatform } from '../src/local-platform.ts';
import { runSmoke } from '../src/smoke.ts';

const started = Date.now();
const local = await LocalPlatform.start({ products: 40, log: (line) => console.log(line) });
try {
  console.log(`platform ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${local.api}`);
  const smokeStarted = Date.now();
  const result = await runSmoke(local.api);
  console.log(result.summary);
  console.log(`runSmoke took ${((Date.now() - smokeStarted) / 1000).toFixed(1)} s`);
  if (!result.passed) {
    console.log(local.lastOutput());
    process.exitCode = 1;
  }
} finally {
  await local.stop();
}
