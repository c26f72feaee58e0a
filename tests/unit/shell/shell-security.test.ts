import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src-shared/content-security-policy.js';
import { readOption } from '../../../src-main/electron/shell-args.js';
import { isTrustedSender } from '../../../src-main/electron/trusted-sender.js';

const renderer = pathToFileURL('/opt/Vigil/resources/app.asar/dist/renderer/index.html').href;

describe('isTrustedSender', () => {
  it('trusts our renderer page whatever its query or hash', () => {
    expect(isTrustedSender(renderer, renderer)).toBe(true);
    expect(isTrustedSender(`${renderer}?surface=wall&window=wall%4012`, renderer)).toBe(true);
    expect(isTrustedSender(`${renderer}#/alerts`, renderer)).toBe(true);
  });

  it('refuses any other page', () => {
    for (const url of [
      'https://evil.example/index.html',
      'http://127.0.0.1:4600/',
      pathToFileURL('/opt/Vigil/resources/app.asar/dist/renderer/other.html').href,
      pathToFileURL('/tmp/dist/renderer/index.html').href,
      `${renderer.replace('/index.html', '')}/../renderer/evil/../../x.html`,
      'about:blank',
      'data:text/html,<script>1</script>',
      'devtools://devtools/bundled/inspector.html',
      'file://otherhost/opt/Vigil/resources/app.asar/dist/renderer/index.html',
    ]) {
      expect(isTrustedSender(url, renderer), url).toBe(false);
    }
  });

  it('refuses missing or unparsable URLs', () => {
    expect(isTrustedSender(undefined, renderer)).toBe(false);
    expect(isTrustedSender(null, renderer)).toBe(false);
    expect(isTrustedSender('', renderer)).toBe(false);
    expect(isTrustedSender('not a url', renderer)).toBe(false);
  });
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('content security policy', () => {
  const electron = directives(contentSecurityPolicy());

  it('denies by default and allows scripts only from the app itself', () => {
    expect(electron.get('default-src')).toEqual(["'none'"]);
    expect(electron.get('script-src')).toEqual(["'self'"]);
    expect(electron.get('object-src')).toEqual(["'none'"]);
    expect(electron.get('base-uri')).toEqual(["'none'"]);
    expect(electron.get('frame-ancestors')).toEqual(["'none'"]);
    expect(electron.get('form-action')).toEqual(["'none'"]);
  });

  it('never allows inline or eval scripts', () => {
    const text = contentSecurityPolicy({ bridgeOrigin: 'ws://127.0.0.1:1234' });
    expect(directives(text).get('script-src')).not.toContain("'unsafe-inline'");
    expect(text).not.toContain('unsafe-eval');
    expect(text).not.toContain('*');
  });

  it('lets video come from cameras and gateways (hls.js: fetch plus blob: MediaSource)', () => {
    expect(electron.get('media-src')).toEqual(expect.arrayContaining(['blob:', 'https:']));
    expect(electron.get('connect-src')).toEqual(expect.arrayContaining(['https:']));
    expect(electron.get('worker-src')).toEqual(expect.arrayContaining(['blob:']));
  });

  it('opens no WebSocket origin in Electron and exactly the bridge in the kiosk', () => {
    expect(electron.get('connect-src')!.some((v) => v.startsWith('ws'))).toBe(false);
    const kiosk = directives(contentSecurityPolicy({ bridgeOrigin: 'ws://127.0.0.1:4700' }));
    expect(kiosk.get('connect-src')!.filter((v) => v.startsWith('ws'))).toEqual(['ws://127.0.0.1:4700']);
  });
});

describe('readOption', () => {
  it('reads --name value and --name=value among Chromium switches', () => {
    expect(readOption(['electron', '.', '--no-sandbox', '--profile', 'a.json'], 'profile')).toBe('a.json');
    expect(readOption(['electron', '--profile=b.json'], 'profile')).toBe('b.json');
    expect(readOption(['electron', '--profile', '--other'], 'profile')).toBeUndefined();
    expect(readOption(['electron'], 'profile')).toBeUndefined();
  });
});
