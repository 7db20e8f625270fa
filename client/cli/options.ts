/**
 * Option declarations several commands share, spread into each command's own options so that every
 * command still lists exactly what it takes.
 */

/** --as ID: who acts. */
export const asOption = { as: { type: 'string' } } as const;

/** --via update|signal: how a command to a process travels (./args.ts `delivery` reads it). */
export const viaOption = { via: { type: 'string' } } as const;

/** --as and --via: a command someone sends to a process. */
export const sent = { ...asOption, ...viaOption } as const;

/** An option with a value, e.g. { reason: value } for --reason TEXT. */
export const value = { type: 'string' } as const;

/** An option given as often as needed, e.g. --paper URL --paper URL. */
export const repeated = { type: 'string', multiple: true } as const;

/** A switch, e.g. --written. */
export const flag = { type: 'boolean' } as const;
