// Tray icons drawn in code: a filled disc per state with a two-tone ring (dark outside, light
// inside) so it stays legible on both light and dark panels. Encoded as PNG with node:zlib, so
// no binary assets are needed and every state is testable.

import { deflateSync } from 'node:zlib';
import type { TrayIconState } from './tray-model.js';

const COLOURS: Record<TrayIconState, [number, number, number]> = {
  valid: [34, 160, 90],
  refreshing: [40, 120, 220],
  expiring: [230, 160, 20],
  signin_required: [220, 60, 50],
  error: [160, 30, 30],
  idle: [130, 130, 130],
};

export function trayIconPng(state: TrayIconState, size = 32): Buffer {
  const [r, g, b] = COLOURS[state];
  const rows: Buffer[] = [];
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4); // leading filter byte 0
    for (let x = 0; x < size; x += 1) {
      const d = Math.hypot(x - c, y - c) / (size / 2);
      let px: [number, number, number, number] = [0, 0, 0, 0];
      if (d <= 0.72) px = [r, g, b, 255];
      else if (d <= 0.82) px = [255, 255, 255, 255];
      else if (d <= 0.96) px = [25, 25, 25, 255];
      if (state === 'signin_required' && d <= 0.72 && Math.abs(x - c) < size * 0.06 && (y < c + size * 0.12 || y > c + size * 0.2)) px = [255, 255, 255, 255];
      row.set(px, 1 + x * 4);
    }
    rows.push(row);
  }
  return encodePng(size, size, Buffer.concat(rows));
}

/**
 * macOS menu-bar template image: black with alpha only, so the system tints it for light and dark
 * menu bars. The state is told by the shape inside a ring: full (valid), dot (refreshing), lower
 * half (expiring), exclamation mark (sign-in required), bar (error), empty (idle). Draw at 16 px
 * for @1x and 32 px for @2x.
 */
export function trayTemplatePng(state: TrayIconState, size = 16): Buffer {
  const rows: Buffer[] = [];
  const c = (size - 1) / 2;
  const unit = size / 16;
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) {
      const d = Math.hypot(x - c, y - c) / (size / 2);
      const inside = d <= 0.62;
      let on = d > 0.78 && d <= 0.98; // the ring
      if (state === 'valid' && inside) on = true;
      if (state === 'refreshing' && d <= 0.3) on = true;
      if (state === 'expiring' && inside && y >= c) on = true;
      if (state === 'signin_required' && Math.abs(x - c) <= unit && ((y >= c - 4 * unit && y <= c + unit) || (y >= c + 2.5 * unit && y <= c + 4 * unit))) on = true;
      if (state === 'error' && inside && Math.abs(y - c) <= unit) on = true;
      row.set(on ? [0, 0, 0, 255] : [0, 0, 0, 0], 1 + x * 4);
    }
    rows.push(row);
  }
  return encodePng(size, size, Buffer.concat(rows));
}

function encodePng(width: number, height: number, raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return crc ^ 0xffffffff;
}
