/**
 * The map's icons, drawn at start-up on a canvas (no image files to ship or fetch).
 * White glyphs in mask mode: deck.gl tints them, and they sit on a disc coloured by
 * status, so kind and status read together.
 */
export const ICON_SIZE = 64;
export const ICON_NAMES = ['camera-traffic', 'camera-security', 'camera-other'] as const;

export interface IconAtlas {
  atlas: HTMLCanvasElement;
  mapping: Record<string, { x: number; y: number; width: number; height: number; mask: boolean }>;
}

let cached: IconAtlas | null = null;

export function iconAtlas(): IconAtlas {
  if (cached) return cached;
  const canvas = document.createElement('canvas');
  canvas.width = ICON_SIZE * ICON_NAMES.length;
  canvas.height = ICON_SIZE;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.strokeStyle = '#fff';
  g.lineWidth = 5;
  const mapping: IconAtlas['mapping'] = {};
  ICON_NAMES.forEach((name, i) => {
    const x0 = i * ICON_SIZE;
    mapping[name] = { x: x0, y: 0, width: ICON_SIZE, height: ICON_SIZE, mask: true };
    g.save();
    g.translate(x0 + ICON_SIZE / 2, ICON_SIZE / 2);
    if (name === 'camera-traffic') {
      // A box camera with its lens: the road cameras.
      g.fillRect(-20, -11, 28, 22);
      g.beginPath();
      g.moveTo(8, -5);
      g.lineTo(21, -12);
      g.lineTo(21, 12);
      g.lineTo(8, 5);
      g.closePath();
      g.fill();
    } else if (name === 'camera-security') {
      // A dome: the security cameras.
      g.beginPath();
      g.arc(0, 2, 18, Math.PI, 0);
      g.closePath();
      g.fill();
      g.fillRect(-22, 2, 44, 6);
    } else {
      g.beginPath();
      g.arc(0, 0, 16, 0, Math.PI * 2);
      g.stroke();
      g.beginPath();
      g.arc(0, 0, 6, 0, Math.PI * 2);
      g.fill();
    }
    g.restore();
  });
  cached = { atlas: canvas, mapping };
  return cached;
}
