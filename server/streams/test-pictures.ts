/**
 * A distinct moving test picture for each demo camera, so an operator can tell
 * tiles apart at a glance and see that a swap or a tour really changed the picture.
 *
 * Expensive lavfi sources (fractals, life, gradients) are rendered small and at a
 * low frame rate, then scaled up and repeated to 25 fps: measured on this kind of
 * machine, mandelbrot at 1280×720@25 costs about 75 % of a core on its own, at
 * 480×270@10 a few percent. Cheap sources (bars, testsrc2) render at full size.
 */
export interface TestPicture {
  /** A short label for logs and tests. */
  label: string;
  /** lavfi source with its own options but without size/rate, e.g. `testsrc2` or `life=mold=10`. */
  source: string;
  /** Render size as a fraction of the output size (1 = full), to bound the cost of heavy sources. */
  scale: number;
  /** Render frame rate; frames are repeated up to the output rate. */
  rate: number;
  /** Extra filters after the source (colour shifts), already escaped for a filtergraph. */
  post: string[];
  /** lavfi filters the picture needs besides the source itself. */
  requires: string[];
}

interface BasePicture {
  label: string;
  source: string;
  scale: number;
  rate: number | null; // null: the output rate
}

/** Ordered so that neighbouring tiles on a wall look different. */
const BASE_PICTURES: readonly BasePicture[] = [
  { label: 'testsrc2', source: 'testsrc2', scale: 1, rate: null },
  { label: 'mandelbrot', source: 'mandelbrot', scale: 0.375, rate: 10 },
  { label: 'smptehdbars', source: 'smptehdbars', scale: 1, rate: null },
  { label: 'life', source: 'life=mold=10:ratio=0.12:death_color=#1a2a5a:life_color=#7cf29a', scale: 0.25, rate: 10 },
  { label: 'testsrc', source: 'testsrc', scale: 0.5, rate: null },
  { label: 'gradients', source: 'gradients=speed=0.015:type=radial', scale: 0.25, rate: null },
  { label: 'rgbtestsrc', source: 'rgbtestsrc', scale: 0.5, rate: null },
  { label: 'cellauto', source: 'cellauto=rule=110:scroll=1:stitch=1', scale: 0.5, rate: null },
  { label: 'pal75bars', source: 'pal75bars', scale: 1, rate: null },
  { label: 'sierpinski', source: 'sierpinski=type=triangle', scale: 0.25, rate: 10 },
  { label: 'yuvtestsrc', source: 'yuvtestsrc', scale: 0.5, rate: null },
  { label: 'colorspectrum', source: 'colorspectrum=type=all', scale: 0.5, rate: 1 },
  { label: 'smptebars', source: 'smptebars', scale: 1, rate: null },
];

function sourceName(source: string): string {
  return source.split('=')[0]!;
}

/**
 * The picture of the index-th camera. Past the number of sources the cycle
 * repeats with the hue turned and the picture mirrored, so 25 or more cameras
 * are still distinct. Sources this ffmpeg lacks are skipped.
 */
export function testPictureFor(index: number, seed: number, available?: ReadonlySet<string>): TestPicture {
  const usable = available ? BASE_PICTURES.filter((p) => available.has(sourceName(p.source))) : BASE_PICTURES;
  const pool = usable.length > 0 ? usable : [BASE_PICTURES[0]!];
  const i = Math.max(0, Math.floor(index));
  const base = pool[i % pool.length]!;
  const round = Math.floor(i / pool.length);
  const post: string[] = [];
  const requires: string[] = [];
  if (round > 0) {
    post.push(`hue=h=${(round * 137) % 360}`);
    requires.push('hue');
    if (round % 2 === 1) {
      post.push('hflip');
      requires.push('hflip');
    }
  }
  // Seeded sources (life, gradients, cellauto, sierpinski) get a per-camera seed so two of a kind still differ.
  const seeded = /^(life|gradients|cellauto|sierpinski|mandelbrot)\b/.test(base.source) && !base.source.startsWith('mandelbrot');
  const source = seeded ? `${base.source}${base.source.includes('=') ? ':' : '='}seed=${(seed + i * 7919) % 2_147_483_647}` : base.source;
  return { label: round > 0 ? `${base.label}+hue${round}` : base.label, source, scale: base.scale, rate: base.rate ?? 0, post, requires: [sourceName(source), ...requires] };
}
