/**
 * `metadata.palette` as the hosted API shapes it: a dominant swatch plus the six Vibrant-style
 * swatches (vibrant, muted and their light and dark variants). Colours are bucketed at 4 bits a
 * channel, which is coarse enough that a photo's main colour wins by population, and each target
 * picks the bucket closest to its saturation and lightness, the way node-vibrant scores them.
 */

export interface PaletteSwatch {
  _type: 'sanity.imagePaletteSwatch'
  background: string
  foreground: string
  population: number
  title: string
}

export type Palette = { _type: 'sanity.imagePalette' } & Partial<Record<SwatchName, PaletteSwatch>>

type SwatchName =
  | 'dominant'
  | 'vibrant'
  | 'lightVibrant'
  | 'darkVibrant'
  | 'muted'
  | 'lightMuted'
  | 'darkMuted'

interface Bucket {
  rgb: [number, number, number]
  population: number
  saturation: number
  lightness: number
}

interface Target {
  name: SwatchName
  lightness: [min: number, ideal: number, max: number]
  saturation: [min: number, ideal: number, max: number]
}

const TARGETS: Target[] = [
  { name: 'vibrant', lightness: [0.3, 0.5, 0.7], saturation: [0.35, 1, 1] },
  { name: 'lightVibrant', lightness: [0.55, 0.74, 1], saturation: [0.35, 1, 1] },
  { name: 'darkVibrant', lightness: [0, 0.26, 0.45], saturation: [0.35, 1, 1] },
  { name: 'muted', lightness: [0.3, 0.5, 0.7], saturation: [0, 0.3, 0.4] },
  { name: 'lightMuted', lightness: [0.55, 0.74, 1], saturation: [0, 0.3, 0.4] },
  { name: 'darkMuted', lightness: [0, 0.26, 0.45], saturation: [0, 0.3, 0.4] },
]

/** `pixels` is interleaved RGBA; pixels that are mostly transparent do not count. */
export function paletteOf(pixels: Uint8Array): Palette {
  const buckets = bucketsOf(pixels)
  const palette: Palette = { _type: 'sanity.imagePalette' }
  if (buckets.length === 0) return palette
  const mostPopulous = Math.max(...buckets.map((bucket) => bucket.population))
  palette.dominant = swatchOf(buckets.find((bucket) => bucket.population === mostPopulous) as Bucket)
  const used = new Set<Bucket>()
  for (const target of TARGETS) {
    let best: Bucket | undefined
    let bestScore = -Infinity
    for (const bucket of buckets) {
      if (used.has(bucket) || !within(bucket, target)) continue
      const score =
        (1 - Math.abs(bucket.saturation - target.saturation[1])) * 3 +
        (1 - Math.abs(bucket.lightness - target.lightness[1])) * 6.5 +
        (bucket.population / mostPopulous) * 0.5
      if (score > bestScore) {
        best = bucket
        bestScore = score
      }
    }
    if (best) {
      used.add(best)
      palette[target.name] = swatchOf(best)
    }
  }
  return palette
}

function bucketsOf(pixels: Uint8Array): Bucket[] {
  const sums = new Map<number, [r: number, g: number, b: number, count: number]>()
  for (let offset = 0; offset + 3 < pixels.length; offset += 4) {
    if ((pixels[offset + 3] as number) < 128) continue
    const r = pixels[offset] as number
    const g = pixels[offset + 1] as number
    const b = pixels[offset + 2] as number
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4)
    const sum = sums.get(key) ?? [0, 0, 0, 0]
    sum[0] += r
    sum[1] += g
    sum[2] += b
    sum[3] += 1
    sums.set(key, sum)
  }
  return [...sums.values()].map(([r, g, b, count]) => {
    const rgb: [number, number, number] = [
      Math.round(r / count),
      Math.round(g / count),
      Math.round(b / count),
    ]
    return { rgb, population: count, ...hslOf(rgb) }
  })
}

function within(bucket: Bucket, target: Target): boolean {
  return (
    bucket.lightness >= target.lightness[0] &&
    bucket.lightness <= target.lightness[2] &&
    bucket.saturation >= target.saturation[0] &&
    bucket.saturation <= target.saturation[2]
  )
}

function hslOf([r, g, b]: [number, number, number]): { saturation: number; lightness: number } {
  const max = Math.max(r, g, b) / 255
  const min = Math.min(r, g, b) / 255
  const lightness = (max + min) / 2
  const saturation = max === min ? 0 : (max - min) / (1 - Math.abs(2 * lightness - 1))
  return { saturation, lightness }
}

/** Text colours by YIQ brightness, with node-vibrant's thresholds (titles flip later than body text). */
function swatchOf(bucket: Bucket): PaletteSwatch {
  const [r, g, b] = bucket.rgb
  const yiq = (r * 299 + g * 587 + b * 114) / 1000
  return {
    _type: 'sanity.imagePaletteSwatch',
    background: `#${bucket.rgb.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`,
    foreground: yiq < 150 ? '#fff' : '#000',
    population: bucket.population,
    title: yiq < 200 ? '#fff' : '#000',
  }
}
