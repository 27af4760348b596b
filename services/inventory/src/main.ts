// Started with `node --import @shop/platform-telemetry/register`, so instrumentation is in place
// before any module below loads.
import 'reflect-metadata';
import { loadInventoryConfigOrExit } from './config/inventory.config.js';
import { startInventory } from './bootstrap.js';

const config = loadInventoryConfigOrExit();
// LOG_LEVEL is validated above; the platform's logger reads it from the environment.
await startInventory(config);
