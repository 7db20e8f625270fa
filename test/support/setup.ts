// Runs before every test file (vitest.config.ts, setupFiles): what the file started (its PostgreSQL, if it started one) stops after it.
import { afterAll } from 'vitest';
import { stopAll } from './fileTeardown';

afterAll(stopAll);
