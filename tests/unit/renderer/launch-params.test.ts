import { describe, expect, it } from 'vitest';
import { fragmentWithoutToken, parseLaunchParams, rememberLaunchParams } from '../../../src-renderer/bridge/launch-params.js';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('launch parameters', () => {
  it('reads token, surface and window from the fragment', () => {
    expect(parseLaunchParams('#token=abcdef0123456789&surface=wall&window=w2', '')).toEqual({
      token: 'abcdef0123456789',
      surface: 'wall',
      windowKey: 'w2',
      unknownSurface: null,
      wallDisplayId: null,
    });
  });

  it('reads which wall monitor a wall window is, from the fragment or the query', () => {
    expect(parseLaunchParams('#token=abcdef0123456789&surface=wall&wall=wall-2', '').wallDisplayId).toBe('wall-2');
    expect(parseLaunchParams('', '?surface=wall&wall=left.wall_1').wallDisplayId).toBe('left.wall_1');
    expect(parseLaunchParams('#surface=wall&wall=wall-3', '?wall=wall-1').wallDisplayId).toBe('wall-3');
    expect(parseLaunchParams('#surface=wall&wall=../etc', '').wallDisplayId).toBeNull();
    expect(parseLaunchParams('#surface=wall&wall=', '').wallDisplayId).toBeNull();
    const storage = memoryStorage();
    rememberLaunchParams(parseLaunchParams('#token=abcdef0123456789&surface=wall&wall=wall-2', ''), storage);
    expect(parseLaunchParams('#surface=wall', '', storage).wallDisplayId).toBe('wall-2');
  });

  it('accepts ?surface= and defaults to the console', () => {
    expect(parseLaunchParams('', '?surface=kpi').surface).toBe('kpi');
    expect(parseLaunchParams('', '')).toMatchObject({ surface: 'console', token: null });
    expect(parseLaunchParams('#surface=radar', '')).toMatchObject({ surface: 'console', unknownSurface: 'radar' });
  });

  it('survives a reload after the token left the address bar', () => {
    const storage = memoryStorage();
    rememberLaunchParams(parseLaunchParams('#token=abcdef0123456789&surface=map&window=w3', ''), storage);
    const hash = fragmentWithoutToken('#token=abcdef0123456789&surface=map&window=w3');
    expect(hash).toBe('#surface=map&window=w3');
    expect(parseLaunchParams(hash, '', storage)).toMatchObject({ token: 'abcdef0123456789', surface: 'map', windowKey: 'w3' });
    expect(fragmentWithoutToken('#token=abc')).toBe('');
  });

  it('ignores a malformed token', () => {
    expect(parseLaunchParams('#token=<script>', '').token).toBeNull();
  });
});
