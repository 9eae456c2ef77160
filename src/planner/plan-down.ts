// planDown under its own module name (src/cli/down.ts imports it from here); the implementation is in plan.ts.
export { planDown } from './plan.js';
