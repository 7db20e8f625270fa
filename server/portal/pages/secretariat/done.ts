/**
 * The confirmation that ends a change to a board (board-done.njk): a heading, what the board holds now in
 * sentences the page gives, and the way back to the page the change began from.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Renderer, Viewer } from '../../render';

export type Confirm = (request: FastifyRequest, reply: FastifyReply, viewer: Viewer, heading: string, said: readonly string[]) => FastifyReply;

/** Confirmations that lead back to `back`. */
export const confirmations =
  (pages: Renderer, back: { readonly href: string; readonly text: string }): Confirm =>
  (request, reply, viewer, heading, said) =>
    pages.page(request, reply, 'board-done.njk', { title: heading, viewer }, { heading, said, back });
