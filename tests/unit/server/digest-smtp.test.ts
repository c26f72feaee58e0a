import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMessage, dotStuff, encodeHeaderWord, isPlainAddress, sendSmtpMail, type SmtpOptions } from '../../../server/portal/digest-smtp.js';

/**
 * A tiny SMTP server for the tests: records every line the client sends (the transcript)
 * and the DATA it received (dot-unstuffed), answers like a real MTA, optionally offers
 * STARTTLS (self-signed certificate) and AUTH.
 */
interface ServerOptions {
  starttls?: { key: string; cert: string };
  auth?: string[]; // mechanisms offered (after TLS when starttls is on)
  refuseRecipients?: string[];
}

interface TestSmtpServer {
  port: number;
  transcript: string[];
  messages: { from: string; to: string[]; data: string }[];
  close(): Promise<void>;
}

function startSmtpServer(options: ServerOptions = {}): Promise<TestSmtpServer> {
  const transcript: string[] = [];
  const messages: TestSmtpServer['messages'] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((raw) => {
    sockets.add(raw);
    let socket: net.Socket = raw;
    let secure = false;
    let buffer = '';
    let inData = false;
    let dataLines: string[] = [];
    let from = '';
    let to: string[] = [];
    let authStep: 'none' | 'login-user' | 'login-pass' = 'none';
    const send = (line: string) => socket.write(`${line}\r\n`);
    const ehlo = () => {
      const ext = ['250-smtp.test xin chào', '250-PIPELINING', '250-8BITMIME'];
      if (options.starttls && !secure) ext.push('250-STARTTLS');
      if (options.auth && (secure || !options.starttls)) ext.push(`250-AUTH ${options.auth.join(' ')}`);
      ext.push('250 SIZE 10240000');
      socket.write(`${ext.join('\r\n')}\r\n`);
    };
    const onLine = (line: string) => {
      if (inData) {
        if (line === '.') {
          inData = false;
          messages.push({ from, to, data: dataLines.join('\r\n') });
          send('250 2.0.0 Ok: queued as ABC123');
        } else {
          dataLines.push(line.startsWith('.') ? line.slice(1) : line);
        }
        return;
      }
      transcript.push(line);
      if (authStep === 'login-user') {
        authStep = 'login-pass';
        return send('334 UGFzc3dvcmQ6');
      }
      if (authStep === 'login-pass') {
        authStep = 'none';
        return send('235 2.7.0 Authentication successful');
      }
      const verb = line.split(' ')[0]!.toUpperCase();
      if (verb === 'EHLO') return ehlo();
      if (verb === 'STARTTLS' && options.starttls) {
        send('220 2.0.0 Ready to start TLS');
        socket.removeAllListeners('data');
        const secured = new tls.TLSSocket(socket, { isServer: true, key: options.starttls.key, cert: options.starttls.cert });
        socket = secured;
        secure = true;
        secured.on('data', onData);
        secured.on('error', () => undefined);
        return;
      }
      if (verb === 'AUTH') {
        const mech = line.split(' ')[1]?.toUpperCase();
        if (mech === 'PLAIN') return send('235 2.7.0 Authentication successful');
        if (mech === 'LOGIN') {
          authStep = 'login-user';
          return send('334 VXNlcm5hbWU6');
        }
        return send('504 5.5.4 Unrecognized authentication type');
      }
      if (verb === 'MAIL') {
        from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        to = [];
        return send('250 2.1.0 Ok');
      }
      if (verb === 'RCPT') {
        const address = /<([^>]*)>/.exec(line)?.[1] ?? '';
        if (options.refuseRecipients?.includes(address)) return send('550 5.1.1 User unknown');
        to.push(address);
        return send('250 2.1.5 Ok');
      }
      if (verb === 'DATA') {
        inData = true;
        dataLines = [];
        return send('354 End data with <CR><LF>.<CR><LF>');
      }
      if (verb === 'QUIT') {
        send('221 2.0.0 Bye');
        return socket.end();
      }
      send('502 5.5.2 Error: command not recognized');
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        onLine(line);
      }
    };
    raw.on('data', onData);
    raw.on('error', () => undefined);
    raw.on('close', () => sockets.delete(raw));
    send('220 smtp.test ESMTP');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        transcript,
        messages,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Unfolds headers and splits a received message into headers and decoded body. */
function parseMessage(data: string): { headers: Record<string, string>; body: string } {
  const [head, ...rest] = data.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head!.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: Buffer.from(rest.join('\r\n\r\n').replace(/\r\n/g, ''), 'base64').toString('utf8') };
}

function decodeWords(value: string): string {
  return value
    .split(/\s+/)
    .map((word) => {
      const m = /^=\?UTF-8\?B\?([^?]*)\?=$/.exec(word);
      return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : ` ${word} `;
    })
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function selfSignedCertificate(): { key: string; cert: string } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-smtp-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const HTML = `<!DOCTYPE html><html lang="vi"><body><p>Báo cáo hồ sơ – Sở Tư pháp</p>\n.dòng bắt đầu bằng dấu chấm\n${'Hồ sơ quá hạn. '.repeat(40)}</body></html>`;

describe('minimal SMTP client', () => {
  let server: TestSmtpServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  const base = (port: number): SmtpOptions => ({ host: '127.0.0.1', port, from: 'vigil@ioc.haugiang.gov.vn', clientName: 'vigil.test', timeoutMs: 5000 });

  it('sends a UTF-8 HTML message: EHLO, MAIL FROM, RCPT TO, DATA, QUIT, base64 body, encoded-word subject', async () => {
    server = await startSmtpServer();
    const subject = 'Báo cáo hồ sơ ngày 28/11/2026 – Sở Tài nguyên và Môi trường: 12 quá hạn, 3 sắp đến hạn';
    const result = await sendSmtpMail(base(server.port), { to: ['giamdoc@stnmt.gov.vn', 'vanthu@stnmt.gov.vn'], subject, html: HTML, fromName: 'Trung tâm Điều hành' });
    expect(result).toMatchObject({ accepted: ['giamdoc@stnmt.gov.vn', 'vanthu@stnmt.gov.vn'], tls: false, authenticated: false });
    expect(result.response).toContain('250');
    expect(server.transcript).toEqual([
      'EHLO vigil.test',
      'MAIL FROM:<vigil@ioc.haugiang.gov.vn>',
      'RCPT TO:<giamdoc@stnmt.gov.vn>',
      'RCPT TO:<vanthu@stnmt.gov.vn>',
      'DATA',
      'QUIT',
    ]);
    expect(server.messages).toHaveLength(1);
    const message = server.messages[0]!;
    expect(message.to).toEqual(['giamdoc@stnmt.gov.vn', 'vanthu@stnmt.gov.vn']);
    // Every line of the message is 7-bit and at most 998 characters (RFC 5322).
    for (const line of message.data.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(998);
      expect(/^[\x20-\x7e]*$/.test(line)).toBe(true);
    }
    const parsed = parseMessage(message.data);
    expect(decodeWords(parsed.headers.subject!)).toBe(subject);
    expect(decodeWords(parsed.headers.from!.replace(/<.*>/, ''))).toBe('Trung tâm Điều hành');
    expect(parsed.headers.from).toContain('<vigil@ioc.haugiang.gov.vn>');
    expect(parsed.headers['content-type']).toBe('text/html; charset=UTF-8');
    expect(parsed.headers['content-transfer-encoding']).toBe('base64');
    expect(parsed.headers['mime-version']).toBe('1.0');
    expect(parsed.headers['message-id']).toMatch(/^<[0-9a-f]+\.\d+@ioc\.haugiang\.gov\.vn>$/);
    expect(parsed.body).toBe(HTML);
  });

  it('keeps going when one recipient is refused, and fails when all are', async () => {
    server = await startSmtpServer({ refuseRecipients: ['khongco@stp.gov.vn'] });
    const result = await sendSmtpMail(base(server.port), { to: ['khongco@stp.gov.vn', 'vanthu@stp.gov.vn'], subject: 'Báo cáo', html: HTML });
    expect(result.accepted).toEqual(['vanthu@stp.gov.vn']);
    expect(server.messages[0]!.to).toEqual(['vanthu@stp.gov.vn']);
    await expect(sendSmtpMail(base(server.port), { to: ['khongco@stp.gov.vn'], subject: 'Báo cáo', html: HTML })).rejects.toThrow(/refused every recipient/);
  });

  it('never sends credentials over a plain connection', async () => {
    server = await startSmtpServer({ auth: ['PLAIN', 'LOGIN'] });
    await expect(sendSmtpMail({ ...base(server.port), auth: { user: 'vigil', pass: 'bí-mật' } }, { to: ['a@b.vn'], subject: 'x', html: 'x' })).rejects.toThrow(/plain connection/);
    expect(server.transcript.some((line) => line.startsWith('AUTH'))).toBe(false);
    expect(server.messages).toEqual([]);
    // 'require' refuses to send anything without TLS.
    await expect(sendSmtpMail({ ...base(server.port), starttls: 'require' }, { to: ['a@b.vn'], subject: 'x', html: 'x' })).rejects.toThrow(/STARTTLS/);
  });

  it('refuses addresses that could inject commands or headers', async () => {
    expect(isPlainAddress('a@b.vn')).toBe(true);
    for (const bad of ['a@b.vn\r\nRCPT TO:<x@y.z>', 'a b@c.vn', '<a@b.vn>', 'a@b.vn>', 'nobody']) expect(isPlainAddress(bad), bad).toBe(false);
    await expect(sendSmtpMail({ host: '127.0.0.1', port: 1, from: 'a@b.vn' }, { to: ['x@y.vn\r\nDATA'], subject: 's', html: 'h' })).rejects.toThrow(/bad recipient/);
  });

  const cert = selfSignedCertificate();
  it.skipIf(!cert)('upgrades with STARTTLS when offered, then authenticates (PLAIN, else LOGIN)', async () => {
    for (const mechanisms of [['PLAIN', 'LOGIN'], ['LOGIN']]) {
      server = await startSmtpServer({ starttls: cert!, auth: mechanisms });
      const options: SmtpOptions = { ...base(server.port), auth: { user: 'vigil', pass: 'mật-khẩu' }, tls: { ca: cert!.cert, servername: 'localhost' } };
      const result = await sendSmtpMail(options, { to: ['vanthu@stp.gov.vn'], subject: 'Báo cáo', html: HTML });
      expect(result).toMatchObject({ tls: true, authenticated: true, accepted: ['vanthu@stp.gov.vn'] });
      expect(server.transcript[0]).toBe('EHLO vigil.test');
      expect(server.transcript[1]).toBe('STARTTLS');
      expect(server.transcript[2]).toBe('EHLO vigil.test');
      if (mechanisms.includes('PLAIN')) {
        expect(server.transcript[3]).toBe(`AUTH PLAIN ${Buffer.from('\0vigil\0mật-khẩu').toString('base64')}`);
      } else {
        expect(server.transcript.slice(3, 6)).toEqual(['AUTH LOGIN', Buffer.from('vigil').toString('base64'), Buffer.from('mật-khẩu').toString('base64')]);
      }
      expect(parseMessage(server.messages[0]!.data).body).toBe(HTML);
      await server.close();
      server = null;
    }
  });

  it('dot-stuffs lines that start with a dot and normalises line ends', () => {
    expect(dotStuff('a\n.b\r\n..c\rd\r\n.')).toBe('a\r\n..b\r\n...c\r\nd\r\n..');
    // A message can never end the DATA early: no line of it is a lone ".".
    const message = dotStuff(buildMessage('a@b.vn', { to: ['c@d.vn'], subject: '.', html: '.\n.\n' }));
    expect(message.split('\r\n')).not.toContain('.');
  });

  it('encodes non-ASCII subjects as encoded-words of at most 75 characters', () => {
    expect(encodeHeaderWord('Daily report')).toBe('Daily report');
    const text = 'Báo cáo hồ sơ quá hạn – Ủy ban nhân dân huyện Châu Thành A, tỉnh Hậu Giang 🙂';
    const encoded = encodeHeaderWord(text);
    const words = encoded.split('\r\n ');
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(encoded.replace(/\r\n /g, ' '))).toBe(text);
  });
});
