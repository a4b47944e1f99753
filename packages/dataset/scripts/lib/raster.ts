/**
 * Minimal deterministic rasteriser for the placeholder images: gradients, anti-aliased round-cap
 * strokes and rings, computed in plain arithmetic so the pixels are identical on every machine
 * (no fonts, no SVG renderer, no GPU). sharp only encodes the result.
 */
import type { Polyline } from './strokeFont.ts'

export type Rgb = readonly [r: number, g: number, b: number]

export interface Canvas {
  width: number
  height: number
  /** Interleaved RGB, 0–255 as floats until `toBytes`. */
  rgb: Float32Array
}

/** HSL (h in degrees, s and l in 0–1) to RGB 0–255. */
export function hsl(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s
  const hp = (((h % 360) + 360) % 360) / 60
  const x = c * (1 - Math.abs((hp % 2) - 1))
  const m = l - c / 2
  const [r, g, b] =
    hp < 1
      ? [c, x, 0]
      : hp < 2
        ? [x, c, 0]
        : hp < 3
          ? [0, c, x]
          : hp < 4
            ? [0, x, c]
            : hp < 5
              ? [x, 0, c]
              : [c, 0, x]
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255]
}

/**
 * Diagonal two-colour gradient (top left `from`, bottom right `to`) with a soft light from the
 * upper left, which reads as depth rather than a flat swatch.
 */
export function gradientCanvas(width: number, height: number, from: Rgb, to: Rgb): Canvas {
  const rgb = new Float32Array(width * height * 3)
  const diagonal = width * width + height * height
  const lightX = width * 0.3
  const lightY = height * 0.25
  const lightReach = Math.sqrt(diagonal) * 0.75
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x * width + y * height) / diagonal
      const glow = 1 + 0.14 * Math.max(0, 1 - Math.sqrt((x - lightX) ** 2 + (y - lightY) ** 2) / lightReach)
      const i = (y * width + x) * 3
      for (let c = 0; c < 3; c++) {
        rgb[i + c] = ((from[c] as number) * (1 - t) + (to[c] as number) * t) * glow
      }
    }
  }
  return { width, height, rgb }
}

/** Coverage (0–1) of `canvas` by round-capped strokes of half-width `radius` along the polylines. */
export function strokeMask(canvas: Canvas, polylines: Polyline[], radius: number): Float32Array {
  const { width, height } = canvas
  const mask = new Float32Array(width * height)
  for (const line of polylines) {
    for (let s = 0; s + 1 < line.length; s++) {
      const [ax, ay] = line[s] as Polyline[number]
      const [bx, by] = line[s + 1] as Polyline[number]
      const dx = bx - ax
      const dy = by - ay
      const lengthSq = dx * dx + dy * dy
      const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - radius - 1))
      const x1 = Math.min(width - 1, Math.ceil(Math.max(ax, bx) + radius + 1))
      const y0 = Math.max(0, Math.floor(Math.min(ay, by) - radius - 1))
      const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, by) + radius + 1))
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const px = x + 0.5 - ax
          const py = y + 0.5 - ay
          const t = lengthSq === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / lengthSq))
          const distance = Math.sqrt((px - t * dx) ** 2 + (py - t * dy) ** 2)
          // One-pixel linear ramp at the edge: cheap anti-aliasing.
          const coverage = Math.min(1, Math.max(0, radius + 0.5 - distance))
          const i = y * width + x
          if (coverage > (mask[i] as number)) mask[i] = coverage
        }
      }
    }
  }
  return mask
}

/** Coverage of a circle outline of the given radius and half-width. */
export function ringMask(
  canvas: Canvas,
  cx: number,
  cy: number,
  ringRadius: number,
  halfWidth: number,
): Float32Array {
  const { width, height } = canvas
  const mask = new Float32Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const distance = Math.abs(Math.sqrt((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2) - ringRadius)
      mask[y * width + x] = Math.min(1, Math.max(0, halfWidth + 0.5 - distance))
    }
  }
  return mask
}

/** Blends `color` over the canvas where `mask` covers it, at the given opacity. */
export function paint(canvas: Canvas, mask: Float32Array, color: Rgb, opacity: number): void {
  const { rgb } = canvas
  for (let i = 0; i < mask.length; i++) {
    const a = (mask[i] as number) * opacity
    if (a === 0) continue
    for (let c = 0; c < 3; c++) {
      const j = i * 3 + c
      rgb[j] = (rgb[j] as number) * (1 - a) + (color[c] as number) * a
    }
  }
}

export function toBytes(canvas: Canvas): Uint8Array {
  // Uint8ClampedArray rounds and clamps, so the glow cannot wrap bright pixels around to black.
  const clamped = new Uint8ClampedArray(canvas.rgb)
  return new Uint8Array(clamped.buffer)
}
