export { env } from './env-types.js';
export { ConfigError, loadConfig, loadConfigOrExit } from './load-config.js';
