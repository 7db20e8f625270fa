/**
 * Signing the CLI in and out through the engine's server: `govern login` asks for your address, the
 * server emails a code, you type it, and the token the server gives is kept in your config folder
 * (../tokenFile.ts); `govern logout` revokes it on the server and deletes it; `govern me` says who
 * the server knows you as and your roles on the boards. None needs Temporal or the database: the
 * server is the door, and every other command goes through it with the token saved here (./run.ts).
 */
import { emailAddress } from '../../mail/address';
import { parsePublicUrl, defaultPublicUrl } from '../../mail/settings';
import { ApiRefused, callApi } from '../api';
import { GovernanceError, UsageError } from '../errors';
import { forgetToken, readToken, saveToken, tokenFile } from '../tokenFile';
import { value } from './options';
import { command } from './table';

interface SignedIn {
  readonly personId: string;
  readonly name?: string;
  readonly newAccount: boolean;
  readonly expiresAt: string;
  readonly token?: string;
}

interface Me {
  readonly personId: string;
  readonly name?: string;
  readonly email?: string;
  readonly roles: readonly { readonly boardId: string; readonly board: string; readonly role: string }[];
  readonly rolesNotKnown: readonly { readonly boardId: string; readonly why: string }[];
  readonly signedIn: { readonly method: string; readonly client: string; readonly expiresAt: string };
}

/** The server's address: --server, else GOVERN_PUBLIC_URL (where people open the engine), else this machine's. */
export function serverOf(given: string | undefined): string {
  try {
    return parsePublicUrl(given?.trim() || process.env.GOVERN_PUBLIC_URL?.trim() || defaultPublicUrl);
  } catch (err) {
    throw new UsageError(given ? `--server "${given}" is not the engine's address: give it as https://governance.example.org (or http://localhost:8080 on this machine)` : (err as Error).message);
  }
}

/** The saved sign-in, or a refusal saying to log in. */
async function savedOrRefuse() {
  const saved = await readToken();
  if (!saved) throw new GovernanceError('You are not signed in on this computer: run "govern login" first.');
  return saved;
}

const who = (person: { personId: string; name?: string }) => `${person.personId}${person.name ? ` (${person.name})` : ''}`;

export const login = command({
  words: ['login'],
  group: 'Anyone',
  usage: '[--email ADDRESS] [--server URL]',
  summary: 'sign this computer in: we email you a code, you type it here',
  notes: [`the token is kept in ${tokenFile().replace(process.env.HOME ?? '\u0000', '~')}, readable by you alone; --server is the engine's address (default GOVERN_PUBLIC_URL, else ${defaultPublicUrl})`],
  options: { email: value, server: value },
  async run({ values, prompt }) {
    const server = serverOf(values.server);
    const typed = values.email ?? (await prompt('Your email address: '));
    if (!typed.trim()) throw new UsageError('Give your email address, when asked or with --email, e.g. govern login --email name@example.org');
    const parsed = emailAddress.safeParse(typed);
    if (!parsed.success) throw new UsageError(`"${typed.trim().slice(0, 80)}" is not an email address: ${parsed.error.issues[0]?.message ?? 'give it as name@example.org'}`);
    const email = parsed.data;
    const sent = await callApi<{ message: string }>(server, 'POST', '/api/sign-in/code', { body: { email } });
    let question = `${sent.message}\nCode: `;
    for (;;) {
      const code = (await prompt(question)).trim();
      if (!code) throw new UsageError('No code was typed: run "govern login" again when you have the message.');
      try {
        const signedIn = await callApi<SignedIn>(server, 'POST', '/api/sign-in/verify', { body: { email, code, client: 'cli' } });
        if (!signedIn.token) throw new GovernanceError(`The server at ${server} signed you in but gave no token: is it the engine's address?`);
        await saveToken({ server, token: signedIn.token, personId: signedIn.personId, expiresAt: signedIn.expiresAt });
        const { token: _secret, ...shown } = signedIn;
        return {
          json: { ...shown, server, tokenFile: tokenFile() },
          text: `Signed in as ${who(signedIn)}${signedIn.newAccount ? ' (a new account)' : ''} at ${server}, until ${signedIn.expiresAt}. The token is in ${tokenFile()}, readable by you alone; "govern logout" ends it.`,
        };
      } catch (err) {
        // A mistyped code may be typed again; the server counts the tries and says when to stop.
        if (err instanceof ApiRefused && err.error === 'CodeWrong') {
          question = `${err.message}\nCode: `;
          continue;
        }
        throw err;
      }
    }
  },
});

export const logout = command({
  words: ['logout'],
  group: 'Anyone',
  usage: '',
  summary: 'sign this computer out: the token is revoked on the server and deleted here',
  options: {},
  async run() {
    const saved = await readToken();
    if (!saved) return { json: { signedOut: false }, text: 'You were not signed in on this computer.' };
    let revoked = true;
    let note = '';
    try {
      revoked = (await callApi<{ signedOut: boolean }>(saved.server, 'POST', '/api/sign-out', { token: saved.token })).signedOut;
    } catch (err) {
      // The file goes whatever the server says: a token kept after "logout" would surprise its owner.
      await forgetToken();
      if (err instanceof ApiRefused) throw err;
      throw new GovernanceError(`${(err as Error).message} The token was deleted from this computer, but the server could not be told: it stops working when it expires (${saved.expiresAt}), or run "govern login" and "govern logout" again to end it now.`);
    }
    await forgetToken();
    if (!revoked) note = ' (the server had already ended it)';
    return { json: { signedOut: true, personId: saved.personId, server: saved.server }, text: `Signed out ${saved.personId} from ${saved.server}${note}; the token is deleted from this computer.` };
  },
});

export const me = command({
  words: ['me'],
  group: 'Anyone',
  usage: '',
  summary: 'who the server knows you as (after govern login), and your roles on the boards',
  options: {},
  async run() {
    const saved = await savedOrRefuse();
    const answer = await callApi<Me>(saved.server, 'GET', '/api/me', { token: saved.token });
    const roles = answer.roles.length ? answer.roles.map((r) => `${r.role} of ${r.boardId}`).join(', ') : 'no role on a board';
    const unknown = answer.rolesNotKnown.map((r) => `\n  ${r.why}`).join('');
    return {
      json: answer,
      text: `${who(answer)}${answer.email ? ` <${answer.email}>` : ''}: ${roles}. Signed in by ${answer.signedIn.method === 'oidc' ? "your organisation's account" : 'emailed code'} until ${answer.signedIn.expiresAt}.${unknown}`,
    };
  },
});
