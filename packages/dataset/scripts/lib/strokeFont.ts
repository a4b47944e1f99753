/**
 * A tiny single-stroke font (digits and the capitals used in initials), drawn as polylines.
 *
 * Why not SVG <text>: text rendering depends on which fonts the machine has installed, so the
 * placeholder JPEGs would differ between machines and `generate --check` would fail in CI.
 * Geometry computed here is the same everywhere.
 */

export type Point = readonly [x: number, y: number]
export type Polyline = Point[]

/** Glyph coordinates: cap height 100 units, y grows downward, x from 0 to `width`. */
interface Glyph {
  width: number
  strokes: Polyline[]
}

/** Elliptical arc from `fromDeg` to `toDeg` (0° = right, 90° = down, as y grows downward). */
function arc(cx: number, cy: number, rx: number, ry: number, fromDeg: number, toDeg: number): Polyline {
  const steps = Math.max(2, Math.ceil(Math.abs(toDeg - fromDeg) / 6))
  const points: Point[] = []
  for (let i = 0; i <= steps; i++) {
    const a = ((fromDeg + ((toDeg - fromDeg) * i) / steps) * Math.PI) / 180
    points.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)])
  }
  return points
}

/** A polyline from flat coordinates: points(x1, y1, x2, y2, …). */
function points(...xy: number[]): Polyline {
  const line: Point[] = []
  for (let i = 0; i + 1 < xy.length; i += 2) line.push([xy[i] as number, xy[i + 1] as number])
  return line
}

const last = (line: Polyline): Point => line[line.length - 1] as Point

const rotated180 = (glyph: Glyph): Glyph => ({
  width: glyph.width,
  strokes: glyph.strokes.map((line) => line.map(([x, y]): Point => [glyph.width - x, 100 - y])),
})

const six: Glyph = { width: 60, strokes: [arc(30, 68, 30, 32, 0, 360), arc(62, 70, 62, 70, 180, 250)] }
const bBowlTop = arc(28, 24, 24, 24, -90, 90)
const bBowlBottom = arc(30, 74, 26, 26, -90, 90)
const rBowl = arc(28, 26, 26, 26, -90, 90)
const rBowlEnd = last(rBowl)[1]

const glyphs: Record<string, Glyph> = {
  '0': { width: 60, strokes: [arc(30, 50, 30, 50, 0, 360)] },
  '1': { width: 40, strokes: [points(6, 16, 30, 0, 30, 100)] },
  '2': { width: 60, strokes: [[...arc(30, 28, 29, 28, 200, 395), ...points(0, 100, 60, 100)]] },
  '3': { width: 60, strokes: [arc(29, 25, 27, 25, 205, 450), arc(29, 75, 31, 25, -90, 155)] },
  '4': { width: 62, strokes: [points(46, 100, 46, 0, 0, 68, 62, 68)] },
  '5': { width: 60, strokes: [[...points(56, 0, 10, 0), ...arc(30, 66, 30, 34, -140, 145)]] },
  '6': six,
  '7': { width: 60, strokes: [points(0, 0, 60, 0, 18, 100)] },
  '8': { width: 60, strokes: [arc(30, 24, 25, 24, 0, 360), arc(30, 73, 30, 27, 0, 360)] },
  '9': rotated180(six),
  A: { width: 64, strokes: [points(0, 100, 32, 0, 64, 100), points(11.5, 64, 52.5, 64)] },
  B: {
    width: 56,
    strokes: [
      [
        ...points(0, 100, 0, 0),
        ...bBowlTop,
        ...points(0, last(bBowlTop)[1]),
        ...bBowlBottom,
        ...points(0, 100),
      ],
    ],
  },
  C: { width: 62, strokes: [arc(34, 50, 34, 50, -45, -315)] },
  E: { width: 52, strokes: [points(52, 0, 0, 0, 0, 100, 52, 100), points(0, 50, 44, 50)] },
  H: { width: 60, strokes: [points(0, 0, 0, 100), points(60, 0, 60, 100), points(0, 50, 60, 50)] },
  I: { width: 0, strokes: [points(0, 0, 0, 100)] },
  // The leg starts on the arm, where the arm crosses x = 18.
  K: {
    width: 58,
    strokes: [points(0, 0, 0, 100), points(56, 0, 0, 62), points(18, 62 - (62 * 18) / 56, 58, 100)],
  },
  L: { width: 50, strokes: [points(0, 0, 0, 100, 50, 100)] },
  R: {
    width: 58,
    strokes: [[...points(0, 100, 0, 0), ...rBowl, ...points(0, rBowlEnd)], points(24, rBowlEnd, 58, 100)],
  },
}

/**
 * Lays out `text` as polylines in pixel coordinates, centred on (centerX, centerY), `capHeight`
 * pixels tall. Letter spacing grows with the stroke width so neighbouring round caps never touch.
 */
export function layoutText(
  text: string,
  centerX: number,
  centerY: number,
  capHeight: number,
  strokeWidth: number,
): Polyline[] {
  const scale = capHeight / 100
  const gap = 22 * scale + strokeWidth
  const chars = [...text].map((char) => {
    const glyph = glyphs[char]
    if (glyph === undefined) throw new Error(`strokeFont has no glyph for ${JSON.stringify(char)}`)
    return glyph
  })
  const totalWidth = chars.reduce((sum, glyph) => sum + glyph.width * scale, 0) + gap * (chars.length - 1)

  const strokes: Polyline[] = []
  let x = centerX - totalWidth / 2
  const top = centerY - capHeight / 2
  for (const glyph of chars) {
    for (const line of glyph.strokes) {
      strokes.push(line.map(([gx, gy]): Point => [x + gx * scale, top + gy * scale]))
    }
    x += glyph.width * scale + gap
  }
  return strokes
}
