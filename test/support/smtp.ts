import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';

/**
 * A real SMTP server in the test process (smtp-server on a free loopback port) that records what
 * it accepts, for the suites that follow mail out of the outbox (mail delivery, account flows).
 */

/** A mail as the SMTP server received it: envelope, decoded headers, decoded text. */
export interface Received {
  user: string | undefined;
  mailFrom: string;
  rcptTo: string[];
  from: string;
  to: string;
  subject: string;
  contentType: string;
  body: string;
}

/** Encoded-words (RFC 2047) and quoted-printable, as nodemailer writes them for UTF-8 text. */
function decodeHeader(value: string): string {
  const bytes = value
    .replace(/(=\?[^?]+\?[BQ]\?[^?]*\?=)\s+(?==\?)/gi, '$1')
    .replace(/=\?[^?]+\?([BQ])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('latin1')
        : text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    );
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parseMessage(raw: string): Pick<Received, 'from' | 'to' | 'subject' | 'contentType' | 'body'> {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const header = (name: string) => decodeHeader(headers.get(name) ?? '');
  const body = decodeBody(raw.slice(split + 4), header('content-transfer-encoding').toLowerCase());
  return {
    from: header('from'),
    to: header('to'),
    subject: header('subject'),
    contentType: header('content-type'),
    body: body.replace(/\r\n/g, '\n'),
  };
}

/** An SMTP server that records what it accepts; it can refuse recipients or logins, and be stopped. */
export class TestSmtpServer {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly received: Received[],
    readonly refusedRecipients: Set<string>,
  ) {}

  static async start(options: { login?: { user: string; password: string }; delayMs?: number } = {}) {
    const received: Received[] = [];
    const refusedRecipients = new Set<string>();
    const config: SMTPServerOptions = {
      logger: false,
      disabledCommands: options.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: !options.login,
      onAuth(auth, _session, callback) {
        const login = options.login;
        if (login && auth.username === login.user && auth.password === login.password) {
          callback(null, { user: auth.username });
        } else {
          callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
        }
      },
      onRcptTo(address, _session, callback) {
        if (refusedRecipients.has(address.address)) {
          callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
        } else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          setTimeout(() => {
            received.push({
              user: session.user as string | undefined,
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              ...parseMessage(Buffer.concat(chunks).toString('latin1')),
            });
            callback();
          }, options.delayMs ?? 0);
        });
      },
    };
    const server = new SMTPServer(config);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.server.address() as { port: number };
    return new TestSmtpServer(server, port, received, refusedRecipients);
  }

  /** SMTP_URL for this server, with the credentials given (URL-encoded here, as an operator would write them). */
  url(login?: { user: string; password: string }): string {
    const auth = login ? `${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}@` : '';
    return `smtp://${auth}127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
