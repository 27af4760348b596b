export { DependencyUnavailableError, isTransientKafkaError, isUnavailable } from './unavailable.js';
