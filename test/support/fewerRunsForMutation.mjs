/*
 * fast-check as the mutation run sees it (vitest.mutation.config.mjs aliases 'fast-check' here): a property of
 * more than 100 runs runs a quarter of them, at least 50 (one of 100 runs counts what its runs tried, and keeps
 * them all). Every mutant that survives runs every property that reaches its code, and at the full count a
 * run of machines/ would take most of a day on two cores. A mutant a property would have caught only in its
 * later runs counts as surviving: the score is a lower bound of the full suite's.
 */
import fc from '../../node_modules/fast-check/lib/fast-check.js';

export * from '../../node_modules/fast-check/lib/fast-check.js';

const fewer = (runs = 100) => (runs <= 100 ? runs : Math.max(50, Math.ceil(runs / 4)));

export const assert = (property, params = {}) => fc.assert(property, { ...params, numRuns: fewer(params.numRuns) });

export default { ...fc, assert };
