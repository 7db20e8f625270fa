// Runs before every test file (vitest.config.ts, setupFiles): the file's PostgreSQL, if it started one, stops after it.
import { afterAll } from 'vitest';
import { stopTestPostgres } from './postgres';

afterAll(stopTestPostgres);
