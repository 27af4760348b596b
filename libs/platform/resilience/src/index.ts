export { isTransientKafkaError, isUnavailable } from './unavailable.js';
