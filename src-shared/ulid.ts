/**
 * ULIDs for command and alert ids: sortable by creation time, made on the
 * workstation when the operator acts, unique without asking the server.
 * Uses Web Crypto, present in Node 20, Chromium and Electron alike.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

export function ulid(now: number = Date.now()): string {
  let random: number[];
  if (now === lastTime) {
    random = increment(lastRandom);
  } else {
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    random = Array.from(bytes, (b) => b % 32);
    lastTime = now;
  }
  lastRandom = random;
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time + random.map((d) => ALPHABET[d]!).join('');
}

/** Monotonic within one millisecond, as the ULID spec asks. */
function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i] = next[i]! + 1;
      return next;
    }
    next[i] = 0;
  }
  return next;
}
