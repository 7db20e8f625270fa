/**
 * Talking to the engine's HTTP server (server/), as `govern login`, `logout` and `me` do: JSON in
 * and out, a refusal read from the server's `{ error, message }` and thrown with the server's own
 * sentence, and a server that does not answer said so in words.
 */
import { GovernanceError } from './errors';

/** The server said no; `error` is its short name (CodeWrong, SignInRequired…), the message its sentence. */
export class ApiRefused extends GovernanceError {
  override name = 'ApiRefused';
  constructor(
    readonly error: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends `body` (or nothing) to `path` on `server`, with the token if given; answers the JSON reply.
 *
 * @throws ApiRefused for a refusal; GovernanceError when the server cannot be reached or answers something that is not the engine's.
 * @example
 * const me = await callApi<{ personId: string }>('http://localhost:8080', 'GET', '/api/me', { token });
 */
export async function callApi<T>(server: string, method: 'GET' | 'POST', path: string, options: { readonly body?: unknown; readonly token?: string } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${server}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    const why = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new GovernanceError(`Cannot reach the engine's server at ${server} (${why}). Is "npm start" running there? Give another address with --server, or set GOVERN_PUBLIC_URL.`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new GovernanceError(`The server at ${server} answered ${response.status} with something that is not the engine's (not JSON): is ${server} the engine's address?`);
  }
  if (!response.ok) {
    const refusal = json as { error?: unknown; message?: unknown };
    if (typeof refusal.message === 'string') throw new ApiRefused(typeof refusal.error === 'string' ? refusal.error : 'Refused', response.status, refusal.message);
    throw new GovernanceError(`The server at ${server} answered ${response.status} without saying why: is ${server} the engine's address?`);
  }
  return json as T;
}
