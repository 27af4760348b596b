export { FAMILIES, familiesFor, fuzzCase, type CaseContext, type FuzzCase } from './cases.ts';
export {
  operationsOf,
  withServiceBodies,
  type OpenApiDocument,
  type Operation,
} from './openapi.ts';
export { fuzzScale, planCases, type FuzzScale } from './plan.ts';
export { Prng } from './prng.ts';
export { emptyReport, runCases, type Door, type Finding, type FuzzReport } from './runner.ts';
export type { Fixtures } from './values.ts';
