// Helpers for the governance tests: a real HTTP receiver for webhooks, a real SMTP server, and the
// Standard Webhooks check written out from the published convention (not Warden's own code).
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  json: { type: string; timestamp: string; data: any };
  answered: number;
  /** When the whole request had arrived (performance.now()). */
  at: number;
}

/** A webhook receiver; `answer` decides each status (default 200). */
export async function startReceiver(answer: (n: number, r: Omit<Received, 'answered'>) => number | 'hang' = () => 200) {
  const received: Received[] = [];
  const hanging: http.ServerResponse[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r = { id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']), body, json: JSON.parse(body), at: performance.now() };
      const status = answer(++n, r);
      if (status === 'hang') {
        hanging.push(res);
        received.push({ ...r, answered: 0 });
        return;
      }
      received.push({ ...r, answered: status });
      res.statusCode = status;
      res.end(status >= 400 ? 'receiver says no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/hook`;
  return {
    url,
    port,
    received,
    ofType: (type: string) => received.filter((r) => r.json.type === type),
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * The receiver's check, from standardwebhooks.com: the signed content is `${id}.${timestamp}.${body}`,
 * the key is the base64 after `whsec_`, the signature is base64 HMAC-SHA256 prefixed `v1,`, and
 * the header may hold several space-separated signatures.
 */
export function standardWebhooksVerify(secret: string, r: Pick<Received, 'id' | 'timestamp' | 'signature' | 'body'>): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = 'v1,' + crypto.createHmac('sha256', key).update(`${r.id}.${r.timestamp}.${r.body}`).digest('base64');
  return r.signature.split(' ').includes(expected);
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) of a folded header, decoded. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\r?\n[ \t]+=\?/g, '?==?')
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\?==\?/g, '?= =?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=(\s+(?==\?))?/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

export interface SentMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  /** The body, decoded. */
  text: string;
}

/** A real SMTP server (smtp-server) on 127.0.0.1; WARDEN_SMTP_URL=`url`. */
export async function startSmtp() {
  const mails: SentMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = decodeWords(/^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '');
        const split = raw.indexOf('\r\n\r\n');
        const head = raw.slice(0, split);
        let text = raw.slice(split + 4);
        if (/^Content-Transfer-Encoding: quoted-printable/im.test(head)) {
          text = Buffer.from(text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
        } else if (/^Content-Transfer-Encoding: base64/im.test(head)) {
          text = Buffer.from(text, 'base64').toString('utf8');
        }
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, subject, text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
