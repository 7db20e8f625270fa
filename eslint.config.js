// Lint rules the Temporal samples keep for workflow code, plus type-aware promise checks everywhere.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)].map((name) => ({
  name,
  message: 'Workflow and machine code must be deterministic: do I/O in an activity.',
}));
const activitiesByTypeOnly = { group: ['**/activities', '**/activities/*'], allowTypeImports: true, message: 'Import activities with `import type` only.' };
const noTemporal = { group: ['@temporalio/*'], message: 'Machines import nothing from Temporal (architecture.md, principle 1).' };

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.data/', 'bin/', '.stryker-tmp/', 'reports/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox.
    files: ['workflows/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [activitiesByTypeOnly] }] },
  },
  {
    // Machines are pure: no I/O, no Temporal, no clock.
    files: ['machines/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [activitiesByTypeOnly, noTemporal] }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Machines read no clock: take the time from the event or input.' }],
    },
  },
);
