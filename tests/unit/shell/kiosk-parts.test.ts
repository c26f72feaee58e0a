import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appWindowArgs, findChromium } from '../../../src-main/kiosk/chromium-launcher.js';
import { parseKioskArgs } from '../../../src-main/kiosk/kiosk-args.js';
import { createLaunchToken, tokenMatches } from '../../../src-main/kiosk/launch-token.js';
import { kioskDisplays } from '../../../src-main/kiosk/start-kiosk.js';
import { mimeType, resolveStaticPath } from '../../../src-main/kiosk/static-files.js';

describe('kiosk arguments', () => {
  it('reads every option', () => {
    const r = parseKioskArgs(['--server', 'http://127.0.0.1:4600', '--data=.vigil/ws', '--profile', 'p.json', '--port', '4700', '--headless']);
    expect(r).toEqual({
      ok: true,
      value: { server: 'http://127.0.0.1:4600', data: '.vigil/ws', profile: 'p.json', port: 4700, headless: true, fullscreen: false },
    });
  });

  it('refuses what it does not understand', () => {
    expect(parseKioskArgs(['--server', 'http://x']).ok).toBe(false); // --data missing
    expect(parseKioskArgs(['--data', 'd', '--port', '70000']).ok).toBe(false);
    expect(parseKioskArgs(['--data', 'd', '--server', 'ftp://x']).ok).toBe(false);
    expect(parseKioskArgs(['--data', 'd', '--bogus']).ok).toBe(false);
    expect(parseKioskArgs(['--data']).ok).toBe(false);
  });
});

describe('launch token', () => {
  it('is 32 random bytes in hex, new at each launch', () => {
    const a = createLaunchToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(createLaunchToken()).not.toBe(a);
  });

  it('matches only exactly', () => {
    const t = createLaunchToken();
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(t.toUpperCase(), t)).toBe(false);
    expect(tokenMatches(t.slice(0, -1), t)).toBe(false);
    expect(tokenMatches(`${t}0`, t)).toBe(false);
    expect(tokenMatches('', t)).toBe(false);
    expect(tokenMatches(null, t)).toBe(false);
  });
});

describe('static file paths', () => {
  const root = path.resolve('/srv/renderer');
  it('maps / to index.html and files inside the folder', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app-1234.js?x=1')).toBe(path.join(root, 'assets/app-1234.js'));
    expect(resolveStaticPath(root, '/map%20style.json')).toBe(path.join(root, 'map style.json'));
  });

  it('refuses traversal, encoded or not, dotfiles and backslashes', () => {
    for (const url of ['/../secret', '/assets/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2fpackage.json', '/.env', '/a\\..\\b', '/%00', '/%E0%A4%A']) {
      expect(resolveStaticPath(root, url), url).toBeNull();
    }
  });

  it('knows the MIME types the renderer uses', () => {
    expect(mimeType('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeType('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('x.woff2')).toBe('font/woff2');
    expect(mimeType('unknown.bin')).toBe('application/octet-stream');
  });
});

describe('chromium launcher', () => {
  it('builds an --app window at the planned place with its own profile folder', () => {
    const args = appWindowArgs({ url: 'http://127.0.0.1:1/#token=t', bounds: { x: 1920, y: 0, width: 1600, height: 900 }, userDataDir: '/tmp/p' });
    expect(args.slice(0, 4)).toEqual(['--app=http://127.0.0.1:1/#token=t', '--window-position=1920,0', '--window-size=1600,900', '--user-data-dir=/tmp/p']);
    expect(args).toContain('--no-first-run');
    expect(args).not.toContain('--kiosk');
    expect(args).not.toContain('--no-sandbox');
    const kiosk = appWindowArgs({ url: 'u', bounds: { x: 0, y: 0, width: 800, height: 600 }, userDataDir: 'd', kiosk: true, compat: true });
    expect(kiosk).toEqual(expect.arrayContaining(['--kiosk', '--no-sandbox', '--disable-gpu']));
  });

  it('honours VIGIL_CHROMIUM and reports none when it is not executable', () => {
    expect(findChromium({ VIGIL_CHROMIUM: '/nonexistent/chrome' })).toBeNull();
    expect(findChromium({ VIGIL_CHROMIUM: process.execPath })).toBe(process.execPath);
  });
});

describe('kiosk displays', () => {
  it('uses the profile screens, or one 1600x900 primary screen', () => {
    expect(kioskDisplays({})).toEqual([{ id: 'screen-1', bounds: { x: 0, y: 0, width: 1600, height: 900 }, primary: true, label: undefined }]);
    const two = kioskDisplays({
      kioskScreens: [
        { id: 'a', x: 0, y: 0, width: 800, height: 600, primary: false },
        { id: 'b', x: 800, y: 0, width: 800, height: 600, primary: false },
      ],
    });
    expect(two.map((d) => d.primary)).toEqual([true, false]);
  });
});
