/**
 * A real SMTP server for tests (the `smtp-server` package), on a free port of 127.0.0.1: every
 * message it accepts is parsed with `mailparser` and kept, so a test counts what arrived at the
 * server, not what the engine says it sent. It can be taken down and brought up again on the same
 * port, told to refuse an address (550, as a mail server does for an unknown mailbox), and told to
 * hold its 250 for a message it has kept, as a slow server does, until the test lets it answer.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './faults';

export interface Received {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string;
  /** When it was accepted (ms since the epoch), just before the server answered 250. */
  readonly at: number;
}

export class TestSmtpServer {
  readonly received: Received[] = [];
  /** Connections that broke mid-conversation (a sender killed while sending, say), by error code. */
  readonly dropped: string[] = [];
  private readonly refused = new Set<string>();
  private held: Promise<void> | undefined;
  private server: SMTPServer | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer(await freePort());
    await smtp.up();
    return smtp;
  }

  /** What the engine is given as SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Refuses mail to `address` from now on with 550. */
  refuse(address: string): void {
    this.refused.add(address.toLowerCase());
  }

  /**
   * From now on every message is kept (counted as received) but answered only once `release` is
   * called: the sender waits for its 250 meanwhile.
   */
  hold(): { release(): void } {
    let release!: () => void;
    this.held = new Promise<void>((r) => (release = r));
    return {
      release: () => {
        this.held = undefined;
        release();
      },
    };
  }

  /** Messages that arrived for `address`. */
  to(address: string): Received[] {
    return this.received.filter((m) => m.to === address.toLowerCase());
  }

  async up(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, done) => {
        if (this.refused.has(address.address.toLowerCase())) {
          const err = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 });
          return done(err);
        }
        done();
      },
      onData: (stream, session, done) => {
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            const at = Date.now();
            for (const rcpt of session.envelope.rcptTo)
              this.received.push({ to: rcpt.address.toLowerCase(), subject: mail.subject ?? '', text: mail.text ?? '', messageId: mail.messageId ?? '', at });
            return this.held;
          })
          .then(() => done())
          .catch(done);
      },
    });
    await new Promise<void>((listening, fail) => {
      server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => listening());
    });
    // smtp-server re-emits a connection's socket error on the server. A worker SIGKILLed mid-message
    // resets its connection; a mail server logs that and serves the others, and so does this one. With
    // no listener the reset was an uncaught exception that failed the whole run after every test passed.
    server.on('error', (err: Error & { code?: string }) => this.dropped.push(err.code ?? err.message));
    this.server = server;
  }

  /** Stops listening (connections are refused until `up`). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((closed) => server.close(() => closed()));
  }
}
