export { devstackEnv, type DevstackEnv } from './devstack-env.js';
export { uniqueName } from './names.js';
export { waitFor, type WaitOptions } from './wait.js';
