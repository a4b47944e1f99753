/**
 * Placeholder images. We have no rights to the story's photos, so every image slot gets a
 * generated stand-in: slides show their number and a progress bar, the hero two linked rings,
 * portraits the person's initials. Colours come from the slide number or roster position, so the
 * bytes depend only on the inputs.
 */
import sharp from 'sharp'

import type { ImageSpec } from './documents.ts'
import { type Canvas, gradientCanvas, hsl, paint, type Rgb, ringMask, strokeMask, toBytes } from './raster.ts'
import { layoutText, type Polyline } from './strokeFont.ts'

const WHITE: Rgb = [255, 255, 255]
// The golden angle spreads consecutive numbers' hues far apart around the colour wheel.
const GOLDEN_ANGLE = 137.508

/**
 * Hues are squeezed into teal → blue → violet → crimson → orange: the yellow-greens in between
 * turn muddy at the dark end of the gradient.
 */
function gradientFor(width: number, height: number, seed: number): Canvas {
  const hue = 170 + ((seed % 360) * 215) / 360
  return gradientCanvas(width, height, hsl(hue, 0.45, 0.4), hsl(hue + 35, 0.5, 0.19))
}

function drawText(canvas: Canvas, text: string, cx: number, cy: number, capHeight: number): void {
  const strokeWidth = capHeight / 10
  paint(
    canvas,
    strokeMask(canvas, layoutText(text, cx, cy, capHeight, strokeWidth), strokeWidth / 2),
    WHITE,
    0.92,
  )
}

function slide(number: number, total: number): Canvas {
  const canvas = gradientFor(1600, 1067, number * GOLDEN_ANGLE)
  drawText(canvas, String(number), 800, 490, 420)
  const [left, right, y] = [160, 1440, 940]
  const bar = (toX: number): Polyline[] => [
    [
      [left, y],
      [toX, y],
    ],
  ]
  paint(canvas, strokeMask(canvas, bar(right), 4), WHITE, 0.25)
  paint(canvas, strokeMask(canvas, bar(left + ((right - left) * number) / total), 4), WHITE, 0.85)
  return canvas
}

function hero(): Canvas {
  const canvas = gradientFor(1600, 900, 215)
  for (const cx of [680, 920]) paint(canvas, ringMask(canvas, cx, 450, 230, 9), WHITE, 0.85)
  return canvas
}

function portrait(initials: string, index: number): Canvas {
  const canvas = gradientFor(800, 800, 20 + index * GOLDEN_ANGLE)
  drawText(canvas, initials, 400, 400, 240)
  return canvas
}

function render(spec: ImageSpec): Canvas {
  switch (spec.kind) {
    case 'slide':
      return slide(spec.number, spec.total)
    case 'hero':
      return hero()
    case 'portrait':
      return portrait(spec.initials, spec.index)
  }
}

export async function renderImage(spec: ImageSpec): Promise<Buffer> {
  const canvas = render(spec)
  return sharp(toBytes(canvas), { raw: { width: canvas.width, height: canvas.height, channels: 3 } })
    .jpeg({ quality: 70 })
    .toBuffer()
}
