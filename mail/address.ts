/**
 * What an email address must look like wherever one is given (`govern person set`, signing in): one
 * rule, so that an address the secretariat can record is one its owner can sign in with.
 */
import { z } from 'zod';

/** The longest address SMTP carries (RFC 5321's path limit, less the brackets). */
export const maxEmail = 254;

export const emailAddress = z
  .string({ error: 'an email address is required, e.g. name@example.org' })
  .trim()
  .max(maxEmail, `an email address has at most ${maxEmail} characters`)
  .regex(/^[^@\s<>",;]+@[^@\s<>",;]+\.[^@\s<>",;]+$/, 'an email address reads like name@example.org');
