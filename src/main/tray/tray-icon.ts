/**
 * The tray icon, drawn here as PNG bytes rather than shipped as image files: an orbit ring around a
 * nucleus, the app's mark reduced to what reads at 16 pixels. Two looks:
 * - `template`: black with transparency, for the macOS menu bar, which recolours template images
 *   for light and dark menu bars (nativeImage.setTemplateImage);
 * - `color`: a filled accent disc with a white ring and nucleus, legible on the light and dark
 *   taskbars and panels of Windows and Linux.
 * Edges are anti-aliased by covering each pixel with 4×4 samples.
 */
import { deflateSync } from 'node:zlib';

export type TrayIconLook = 'template' | 'color';

const ACCENT = [0x11, 0x60, 0xd6] as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA image (rows top to bottom) as PNG bytes: 8 bits a channel, no filtering. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('The pixels do not fill the image');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Which part of the mark a point (in units of the icon's radius, centre 0,0) lies on. */
function partAt(x: number, y: number): 'ring' | 'nucleus' | 'disc' | 'none' {
  const r = Math.hypot(x, y);
  if (r <= 0.24) return 'nucleus';
  if (r >= 0.5 && r <= 0.7) return 'ring';
  return r <= 0.96 ? 'disc' : 'none';
}

/** The icon at `size` × `size` pixels. */
export function trayIconPixels(size: number, look: TrayIconLook): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const SAMPLES = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let mark = 0;
      let disc = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = ((px + (sx + 0.5) / SAMPLES) / size) * 2 - 1;
          const y = ((py + (sy + 0.5) / SAMPLES) / size) * 2 - 1;
          const part = partAt(x, y);
          if (part === 'ring' || part === 'nucleus') mark++;
          if (part !== 'none') disc++;
        }
      }
      const at = (py * size + px) * 4;
      const total = SAMPLES * SAMPLES;
      if (look === 'template') {
        rgba.set([0, 0, 0, Math.round((mark / total) * 255)], at);
      } else {
        // White where the mark is, the accent elsewhere on the disc.
        const white = disc === 0 ? 0 : mark / disc;
        const channel = (accent: number) => Math.round(accent + (255 - accent) * white);
        rgba.set([channel(ACCENT[0]), channel(ACCENT[1]), channel(ACCENT[2]), Math.round((disc / total) * 255)], at);
      }
    }
  }
  return rgba;
}

export function trayIconPng(size: number, look: TrayIconLook): Buffer {
  return encodePng(size, size, trayIconPixels(size, look));
}
