/**
 * How big the resilience suites run. `npm test` runs them at a size that fits CI;
 * `npm run test:resilience` sets RESILIENCE=full and runs them at full size.
 */
export const FULL = process.env.RESILIENCE === 'full'

export const SIZE = FULL
  ? { modelRuns: 10_000, modelSteps: 60, soakCycles: 10_000 }
  : { modelRuns: 100, modelSteps: 40, soakCycles: 1_000 }
