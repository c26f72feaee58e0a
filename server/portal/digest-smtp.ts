import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';

/**
 * A minimal SMTP submission client (RFC 5321 / 3207 / 4954) for the daily digest:
 * EHLO, STARTTLS when the server offers it, AUTH PLAIN or LOGIN only over TLS (never
 * in clear), MAIL FROM, RCPT TO, DATA (dot-stuffed), QUIT. One message per connection;
 * the body is text/html in UTF-8, base64; the subject an RFC 2047 encoded-word.
 */

export interface SmtpOptions {
  host: string;
  /** Default 587 (25 is fine too); 465 with `secure: true`. */
  port?: number;
  /** Implicit TLS from the first byte (port 465). Default false: plain, upgraded by STARTTLS when offered. */
  secure?: boolean;
  /** 'auto' (default): STARTTLS when offered; 'require': fail unless the link is TLS; 'never': stay plain. */
  starttls?: 'auto' | 'require' | 'never';
  /** Credentials; sent only over TLS and only when the server offers PLAIN or LOGIN. */
  auth?: { user: string; pass: string };
  /** Envelope and header sender. */
  from: string;
  /** The name the client announces in EHLO; default os.hostname(). */
  clientName?: string;
  /** Per-step timeout (connect, each reply); default 15000 ms. */
  timeoutMs?: number;
  /** TLS settings (tests pass a CA; production leaves the system's). */
  tls?: Pick<tls.ConnectionOptions, 'ca' | 'rejectUnauthorized' | 'servername'>;
}

export interface SmtpMessage {
  to: readonly string[];
  subject: string;
  html: string;
  /** Optional header From display name. */
  fromName?: string;
}

export interface SmtpResult {
  /** The server's reply to the end of DATA (usually names the queue id). */
  response: string;
  accepted: string[];
  /** Whether the message went over TLS (implicit or STARTTLS). */
  tls: boolean;
  authenticated: boolean;
}

export class SmtpError extends Error {
  constructor(
    message: string,
    readonly code: number | null = null,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
}

interface Reply {
  code: number;
  lines: string[];
}

const ADDRESS = /^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+$/;

/** A bare address with no CR/LF, spaces or brackets (header and command injection guard). */
export function isPlainAddress(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address);
}

/** RFC 2047 encoded-words (UTF-8, base64), each at most 75 characters, never splitting a character. */
export function encodeHeaderWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let chunk = '';
  // 75 - "=?UTF-8?B?".length - "?=".length = 63 base64 chars → at most 45 bytes per word.
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** Base64 in lines of 76 characters, CRLF-terminated. */
export function base64Lines(text: string): string {
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

/** SMTP transparency (RFC 5321 §4.5.2): a line starting with "." gets one more; bare LF/CR become CRLF. */
export function dotStuff(data: string): string {
  return data
    .replace(/\r\n|\r|\n/g, '\r\n')
    .split('\r\n')
    .map((line) => (line.startsWith('.') ? `.${line}` : line))
    .join('\r\n');
}

/** The whole RFC 5322 message (headers + base64 text/html body), CRLF line ends, not yet dot-stuffed. */
export function buildMessage(from: string, message: SmtpMessage, now: Date = new Date()): string {
  const domain = from.split('@')[1] ?? 'localhost';
  const fromHeader = message.fromName ? `${encodeHeaderWord(quoteDisplayName(message.fromName))} <${from}>` : from;
  const headers = [
    `From: ${fromHeader}`,
    `To: ${message.to.join(', ')}`,
    `Subject: ${encodeHeaderWord(message.subject.replace(/[\r\n]+/g, ' '))}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(12).toString('hex')}.${now.getTime()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${base64Lines(message.html)}\r\n`;
}

function quoteDisplayName(name: string): string {
  const clean = name.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) && /[()<>[\]:;@\\,."]/.test(clean) ? `"${clean.replace(/["\\]/g, '\\$&')}"` : clean;
}

/** Reads SMTP replies (multi-line "250-…" until "250 …") from a socket that may be swapped for TLS. */
class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiter: { resolve: (reply: Reply) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | null = null;
  private failure: Error | null = null;
  private socket: net.Socket | null = null;
  private readonly onData = (chunk: Buffer) => this.push(chunk.toString('latin1'));
  private readonly onError = (error: Error) => this.fail(new SmtpError(`SMTP connection error: ${error.message}`));
  private readonly onClose = () => this.fail(new SmtpError('SMTP connection closed'));

  constructor(private readonly timeoutMs: number) {}

  attach(socket: net.Socket): void {
    this.detach();
    this.socket = socket;
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  detach(): void {
    if (!this.socket) return;
    this.socket.off('data', this.onData);
    this.socket.off('error', this.onError);
    this.socket.off('close', this.onClose);
    this.socket = null;
  }

  next(): Promise<Reply> {
    const ready = this.take();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new SmtpError(`SMTP server did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  private push(text: string): void {
    this.buffer += text;
    if (this.buffer.length > 1_000_000) return this.fail(new SmtpError('SMTP reply too long'));
    let index: number;
    while ((index = this.buffer.indexOf('\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, index).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(index + 1);
    }
    const waiter = this.waiter;
    if (!waiter) return;
    const reply = this.take();
    if (reply) {
      this.waiter = null;
      clearTimeout(waiter.timer);
      waiter.resolve(reply);
    }
  }

  /** One complete reply from the buffered lines, or null. */
  private take(): Reply | null {
    const end = this.lines.findIndex((line) => !/^\d{3}-/.test(line));
    if (end < 0) return null;
    const lines = this.lines.splice(0, end + 1);
    const last = lines[lines.length - 1]!;
    const code = /^\d{3}/.test(last) ? Number(last.slice(0, 3)) : 0;
    if (code === 0) {
      this.fail(new SmtpError(`malformed SMTP reply: ${JSON.stringify(last.slice(0, 200))}`));
      return null;
    }
    return { code, lines: lines.map((line) => line.slice(4)) };
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      clearTimeout(waiter.timer);
      waiter.reject(this.failure);
    }
  }
}

function connectPlain(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SmtpError(`SMTP connect to ${host}:${port} timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(new SmtpError(`SMTP connect to ${host}:${port} failed: ${error.message}`));
    };
    socket.once('error', onError);
  });
}

function connectTls(options: tls.ConnectionOptions, timeoutMs: number, what: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(options);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SmtpError(`${what} timed out`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(new SmtpError(`${what} failed: ${error.message}`));
    };
    socket.once('error', onError);
  });
}

function extensionsOf(reply: Reply): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of reply.lines.slice(1)) {
    const [keyword, ...rest] = line.trim().split(/\s+/);
    if (keyword) map.set(keyword.toUpperCase(), rest.join(' ').toUpperCase());
  }
  return map;
}

/** Sends one message; resolves when the server accepted the DATA, rejects with an SmtpError otherwise. */
export async function sendSmtpMail(options: SmtpOptions, message: SmtpMessage): Promise<SmtpResult> {
  if (!isPlainAddress(options.from)) throw new SmtpError(`bad sender address ${JSON.stringify(options.from)}`);
  if (message.to.length === 0) throw new SmtpError('no recipients');
  for (const to of message.to) if (!isPlainAddress(to)) throw new SmtpError(`bad recipient address ${JSON.stringify(to)}`);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const port = options.port ?? (options.secure ? 465 : 587);
  const starttls = options.starttls ?? 'auto';
  const clientName = (options.clientName ?? os.hostname()).replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
  const tlsOptions = { ...options.tls, servername: options.tls?.servername ?? (net.isIP(options.host) ? undefined : options.host) };

  let socket: net.Socket = options.secure
    ? await connectTls({ host: options.host, port, ...tlsOptions }, timeoutMs, `SMTP TLS connect to ${options.host}:${port}`)
    : await connectPlain(options.host, port, timeoutMs);
  let secure = options.secure === true;
  const reader = new ReplyReader(timeoutMs);
  reader.attach(socket);

  const expect = async (step: string, ...codes: number[]): Promise<Reply> => {
    const reply = await reader.next();
    if (!codes.includes(reply.code)) throw new SmtpError(`SMTP ${step} refused: ${reply.code} ${reply.lines.join(' ').slice(0, 300)}`, reply.code);
    return reply;
  };
  const command = async (line: string, step: string, ...codes: number[]): Promise<Reply> => {
    socket.write(`${line}\r\n`);
    return expect(step, ...codes);
  };

  try {
    await expect('greeting', 220);
    let ehlo = await command(`EHLO ${clientName}`, 'EHLO', 250);
    let extensions = extensionsOf(ehlo);
    if (!secure && starttls !== 'never' && extensions.has('STARTTLS')) {
      await command('STARTTLS', 'STARTTLS', 220);
      reader.detach();
      socket = await connectTls({ socket, ...tlsOptions }, timeoutMs, 'SMTP STARTTLS handshake');
      secure = true;
      reader.attach(socket);
      ehlo = await command(`EHLO ${clientName}`, 'EHLO', 250);
      extensions = extensionsOf(ehlo);
    }
    if (!secure && starttls === 'require') throw new SmtpError('SMTP server does not offer STARTTLS and TLS is required');

    let authenticated = false;
    if (options.auth) {
      if (!secure) throw new SmtpError('refusing to send SMTP credentials over a plain connection (server offered no STARTTLS)');
      const mechanisms = (extensions.get('AUTH') ?? '').split(/\s+/);
      if (mechanisms.includes('PLAIN')) {
        const token = Buffer.from(`\0${options.auth.user}\0${options.auth.pass}`, 'utf8').toString('base64');
        await command(`AUTH PLAIN ${token}`, 'AUTH PLAIN', 235);
      } else if (mechanisms.includes('LOGIN')) {
        await command('AUTH LOGIN', 'AUTH LOGIN', 334);
        await command(Buffer.from(options.auth.user, 'utf8').toString('base64'), 'AUTH LOGIN user', 334);
        await command(Buffer.from(options.auth.pass, 'utf8').toString('base64'), 'AUTH LOGIN password', 235);
      } else {
        throw new SmtpError('SMTP server offers neither AUTH PLAIN nor AUTH LOGIN');
      }
      authenticated = true;
    }

    // Headers are encoded-words and the body base64: the message is 7-bit, no BODY= parameter needed.
    await command(`MAIL FROM:<${options.from}>`, 'MAIL FROM', 250);
    const accepted: string[] = [];
    const refused: string[] = [];
    for (const to of message.to) {
      socket.write(`RCPT TO:<${to}>\r\n`);
      const reply = await reader.next();
      if (reply.code === 250 || reply.code === 251) accepted.push(to);
      else refused.push(`${to}: ${reply.code} ${reply.lines.join(' ').slice(0, 200)}`);
    }
    if (accepted.length === 0) throw new SmtpError(`SMTP refused every recipient (${refused.join('; ')})`);
    await command('DATA', 'DATA', 354);
    const body = dotStuff(buildMessage(options.from, { ...message, to: accepted }));
    socket.write(`${body.endsWith('\r\n') ? body : `${body}\r\n`}.\r\n`);
    const done = await expect('message', 250);
    socket.write('QUIT\r\n');
    await reader.next().catch(() => undefined);
    return { response: `${done.code} ${done.lines.join(' ')}`, accepted, tls: secure, authenticated };
  } finally {
    reader.detach();
    socket.on('error', () => undefined);
    socket.end();
    socket.destroy();
  }
}
