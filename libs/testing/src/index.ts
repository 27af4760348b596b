export { devstackEnv, type DevstackEnv } from './devstack-env';
export { uniqueName } from './names';
export { waitFor, type WaitOptions } from './wait';
