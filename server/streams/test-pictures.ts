/**
 * A distinct moving test picture for each demo camera, so an operator can tell
 * tiles apart at a glance and see that a swap or a tour really changed the picture.
 *
 * Expensive lavfi sources (fractals, life, gradients) are rendered small and at a
 * low frame rate, then scaled up and repeated to the output rate: measured on the
 * build machine, mandelbrot at 1280×720@25 costs about 75 % of a core by itself,
 * at 480×270@10 a few percent. Cheap sources (bars, testsrc2) render at full size.
 */
export interface TestPicture {
  /** A short label for logs and tests. */
  label: string;
  /** lavfi source with its own options but without size/rate, e.g. `testsrc2` or `life=mold=10`. */
  source: string;
  /** Render height at most this (width follows 16:9); null: the output size. */
  maxHeight: number | null;
  /** Render frame rate, frames repeated up to the output rate; null: the output rate. */
  rate: number | null;
  /** Extra filters after the source (colour shift, mirror). */
  post: string[];
  /** lavfi filters the picture needs. */
  requires: string[];
}

type BasePicture = Omit<TestPicture, 'post' | 'requires'>;

/** Ordered so that neighbouring tiles on a wall look different. */
const BASE_PICTURES: readonly BasePicture[] = [
  { label: 'testsrc2', source: 'testsrc2', maxHeight: null, rate: null },
  { label: 'mandelbrot', source: 'mandelbrot', maxHeight: 270, rate: 10 },
  { label: 'smptehdbars', source: 'smptehdbars', maxHeight: null, rate: null },
  { label: 'life', source: 'life=mold=10:ratio=0.12:death_color=#1a2a5a:life_color=#7cf29a', maxHeight: 180, rate: 10 },
  { label: 'testsrc', source: 'testsrc', maxHeight: 360, rate: null },
  { label: 'gradients', source: 'gradients=speed=0.015:type=radial', maxHeight: 180, rate: null },
  { label: 'rgbtestsrc', source: 'rgbtestsrc', maxHeight: 360, rate: null },
  { label: 'cellauto', source: 'cellauto=rule=110:scroll=1:stitch=1', maxHeight: 360, rate: null },
  { label: 'pal75bars', source: 'pal75bars', maxHeight: null, rate: null },
  { label: 'sierpinski', source: 'sierpinski=type=triangle', maxHeight: 180, rate: 10 },
  { label: 'yuvtestsrc', source: 'yuvtestsrc', maxHeight: 360, rate: null },
  { label: 'colorspectrum', source: 'colorspectrum=type=all', maxHeight: 360, rate: 1 },
  { label: 'smptebars', source: 'smptebars', maxHeight: null, rate: null },
];

/** Sources that take a `seed`: two cameras with the same source still show different pictures. */
const SEEDED_SOURCES = new Set(['life', 'gradients', 'cellauto', 'sierpinski']);

function sourceName(source: string): string {
  return source.split('=')[0]!;
}

export const TEST_PICTURE_COUNT = BASE_PICTURES.length;

/**
 * The picture of the index-th camera. Past the number of sources the cycle
 * repeats with the hue turned (and mirrored every other round), so 25 or more
 * cameras are still distinct. Sources this ffmpeg lacks are skipped.
 */
export function testPictureFor(index: number, available?: ReadonlySet<string>): TestPicture {
  const usable = available ? BASE_PICTURES.filter((p) => available.has(sourceName(p.source))) : BASE_PICTURES;
  const pool = usable.length > 0 ? usable : [BASE_PICTURES[0]!];
  const i = Math.max(0, Math.floor(index));
  const base = pool[i % pool.length]!;
  const round = Math.floor(i / pool.length);
  const post: string[] = [];
  const requires = [sourceName(base.source)];
  if (round > 0) {
    post.push(`hue=h=${(round * 137) % 360}`);
    requires.push('hue');
    if (round % 2 === 1) {
      post.push('hflip');
      requires.push('hflip');
    }
  }
  const source = SEEDED_SOURCES.has(sourceName(base.source))
    ? `${base.source}${base.source.includes('=') ? ':' : '='}seed=${1009 + i * 7919}`
    : base.source;
  return { ...base, label: round > 0 ? `${base.label}/${round}` : base.label, source, post, requires };
}
