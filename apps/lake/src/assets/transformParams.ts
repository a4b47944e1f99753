import { badRequest } from '../errors.ts'

/**
 * The image CDN's query parameters, as `@sanity/image-url` and `next-sanity`'s loader write them,
 * read into one normalised transform. Pure: the same URL, source and `Accept` always give the
 * same transform, which is what the variant cache keys on. Parameters the lake does not know are
 * ignored, as the hosted CDN does; known ones with bad values are a 400.
 */

export const MAX_DIMENSION = 8192
/**
 * The most pixels a variant may have, whatever its parameters: 8192x4096, room for an 8K UHD
 * frame (7680x4320). Larger asks are scaled down to fit, keeping their aspect ratio.
 */
export const MAX_OUTPUT_PIXELS = 8192 * 4096

export type Fit = 'clip' | 'crop' | 'fill' | 'fillmax' | 'max' | 'scale' | 'min'
export type OutputFormat = 'jpg' | 'pjpg' | 'png' | 'webp' | 'avif' | 'gif'

export interface Size {
  width: number
  height: number
}

export interface Rect extends Size {
  left: number
  top: number
}

export type CropPlacement =
  | { kind: 'position'; horizontal: 'left' | 'center' | 'right'; vertical: 'top' | 'center' | 'bottom' }
  | { kind: 'entropy' }
  | { kind: 'focalpoint'; x: number; y: number }

export interface SizeBounds {
  minWidth?: number | undefined
  minHeight?: number | undefined
  maxWidth?: number | undefined
  maxHeight?: number | undefined
}

export interface Rgba {
  r: number
  g: number
  b: number
  /** 0 (transparent) to 1 (opaque). */
  alpha: number
}

/**
 * What to render, in the order it happens: source crop (`rect`, in the pixels of the upright
 * source), flip, orientation, fit into the requested size (already multiplied by `dpr`; crop
 * positions and the focal point refer to the image as flipped and turned), effects, encoding.
 * Optional fields are absent when they would change nothing, so equivalent URLs share a cache
 * entry.
 */
export interface ImageTransform {
  rect?: Rect | undefined
  orientation?: 90 | 180 | 270 | undefined
  flip?: 'h' | 'v' | 'hv' | undefined
  width?: number | undefined
  height?: number | undefined
  fit: Fit
  crop: CropPlacement
  bounds?: SizeBounds | undefined
  background?: Rgba | undefined
  blur?: number | undefined
  sharpen?: number | undefined
  saturation?: number | undefined
  invert?: true | undefined
  quality?: number | undefined
  format: OutputFormat
}

export interface SourceImage extends Size {
  /** The stored file's extension: jpg, png, webp, gif, avif, tiff or svg. */
  extension: string
}

export interface ImageRequest {
  /** Absent when the original file answers the request as it is. */
  transform: ImageTransform | undefined
  /** The format was chosen from the `Accept` header, so caches must vary on it. */
  negotiated: boolean
}

const FITS: readonly Fit[] = ['clip', 'crop', 'fill', 'fillmax', 'max', 'scale', 'min']
const FORMATS: readonly OutputFormat[] = ['jpg', 'pjpg', 'png', 'webp', 'avif', 'gif']
const CROPS = ['top', 'bottom', 'left', 'right', 'center', 'focalpoint', 'entropy'] as const
const LOSSY: ReadonlySet<OutputFormat> = new Set(['jpg', 'pjpg', 'webp', 'avif'])
const ORIENTATIONS = { '90': 90, '180': 180, '270': 270 } as const
const CENTER: CropPlacement = { kind: 'position', horizontal: 'center', vertical: 'center' }

/** What a source is served as when only some other transform was asked for. */
const DEFAULT_OUTPUT: Record<string, OutputFormat> = {
  jpg: 'jpg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
  tiff: 'jpg',
  svg: 'png',
}

function invalid(name: string, raw: string, expected: string): Error {
  return badRequest(`Invalid value "${raw}" for image parameter "${name}": expected ${expected}`)
}

function value(search: URLSearchParams, name: string): string | undefined {
  const raw = search.get(name)
  return raw === null || raw === '' ? undefined : raw
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/

function numberParam(
  search: URLSearchParams,
  name: string,
  min: number,
  max: number,
  { integer = true } = {},
): number | undefined {
  const raw = value(search, name)
  if (raw === undefined) return undefined
  const parsed = NUMBER.test(raw) ? Number(raw) : Number.NaN
  const number = integer ? Math.round(parsed) : parsed
  if (!(number >= min && number <= max)) {
    throw invalid(name, raw, `a${integer ? ' whole' : ''} number from ${min} to ${max}`)
  }
  return number
}

function oneOf<T extends string>(
  search: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = value(search, name)
  if (raw === undefined) return undefined
  if (!allowed.includes(raw as T)) throw invalid(name, raw, `one of ${allowed.join(', ')}`)
  return raw as T
}

function parseRect(search: URLSearchParams, source: Size): Rect | undefined {
  const raw = value(search, 'rect')
  if (raw === undefined) return undefined
  const parts = raw.split(',')
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,5}$/.test(part))) {
    throw invalid('rect', raw, 'left,top,width,height in whole pixels')
  }
  const [left, top, width, height] = parts.map(Number) as [number, number, number, number]
  if (width < 1 || height < 1 || left >= source.width || top >= source.height) {
    throw invalid('rect', raw, `a non-empty rectangle inside the ${source.width}x${source.height} image`)
  }
  const rect = {
    left,
    top,
    width: Math.min(width, source.width - left),
    height: Math.min(height, source.height - top),
  }
  const whole = rect.width === source.width && rect.height === source.height
  return whole ? undefined : rect
}

/** `bg`: RGB, ARGB, RRGGBB or AARRGGBB hex, alpha first as on the hosted CDN. */
function parseBackground(search: URLSearchParams): Rgba | undefined {
  const raw = value(search, 'bg')
  if (raw === undefined) return undefined
  const hex = raw.replace(/^#/, '').toLowerCase()
  if (!/^(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.test(hex)) {
    throw invalid('bg', raw, 'a hex colour: RGB, ARGB, RRGGBB or AARRGGBB')
  }
  const full = hex.length <= 4 ? [...hex].map((digit) => digit + digit).join('') : hex
  const argb = full.length === 6 ? `ff${full}` : full
  const byte = (index: number) => Number.parseInt(argb.slice(index, index + 2), 16)
  return { r: byte(2), g: byte(4), b: byte(6), alpha: Math.round((byte(0) / 255) * 1000) / 1000 }
}

function parseCrop(search: URLSearchParams, focalPoint: { x: number; y: number }): CropPlacement {
  const raw = value(search, 'crop')
  if (raw === undefined) return CENTER
  const modes = raw.split(',').map((mode) => mode.trim())
  const unknown = modes.find((mode) => !(CROPS as readonly string[]).includes(mode))
  if (unknown !== undefined) throw invalid('crop', raw, `a comma-separated list of ${CROPS.join(', ')}`)
  if (modes.includes('focalpoint')) return { kind: 'focalpoint', ...focalPoint }
  if (modes.includes('entropy')) return { kind: 'entropy' }
  const horizontal = modes.includes('left') ? 'left' : modes.includes('right') ? 'right' : 'center'
  const vertical = modes.includes('top') ? 'top' : modes.includes('bottom') ? 'bottom' : 'center'
  return { kind: 'position', horizontal, vertical }
}

/** The best format the client lists in `Accept`, AVIF before WebP; none means keep the source's. */
export function negotiateFormat(accept: string | undefined): OutputFormat | undefined {
  const accepted = new Set(
    (accept ?? '')
      .split(',')
      .map((entry) => entry.split(';').map((part) => part.trim().toLowerCase()))
      .filter(([, ...params]) => !params.some((param) => /^q=0(?:\.0*)?$/.test(param)))
      .map(([type]) => type),
  )
  if (accepted.has('image/avif')) return 'avif'
  if (accepted.has('image/webp')) return 'webp'
  return undefined
}

function scaled(value: number | undefined, dpr: number, name: string): number | undefined {
  if (value === undefined) return undefined
  const result = Math.round(value * dpr)
  if (result > MAX_DIMENSION) {
    throw badRequest(`Image parameter "${name}" times dpr is ${result}, more than ${MAX_DIMENSION} pixels`)
  }
  return Math.max(1, result)
}

function withoutUndefined<T extends object>(object: T): T | undefined {
  const entries = Object.entries(object).filter(([, entry]) => entry !== undefined)
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T)
}

export function parseImageRequest(
  search: URLSearchParams,
  source: SourceImage,
  accept: string | undefined,
): ImageRequest {
  const dimension = (name: string) => numberParam(search, name, 1, MAX_DIMENSION)
  const dpr = numberParam(search, 'dpr', 0.1, 5, { integer: false }) ?? 1
  const width = scaled(dimension('w'), dpr, 'w')
  const height = scaled(dimension('h'), dpr, 'h')
  const fit = oneOf(search, 'fit', FITS) ?? 'clip'
  // The focal point only counts with crop=focalpoint, but a bad one is an error regardless.
  const crop = parseCrop(search, {
    x: numberParam(search, 'fp-x', 0, 1, { integer: false }) ?? 0.5,
    y: numberParam(search, 'fp-y', 0, 1, { integer: false }) ?? 0.5,
  })
  const bounds = withoutUndefined<SizeBounds>({
    minWidth: scaled(dimension('min-w'), dpr, 'min-w'),
    minHeight: scaled(dimension('min-h'), dpr, 'min-h'),
    maxWidth: scaled(dimension('max-w'), dpr, 'max-w'),
    maxHeight: scaled(dimension('max-h'), dpr, 'max-h'),
  })
  const rect = parseRect(search, source)
  const orientation = oneOf(search, 'or', ['0', '90', '180', '270'] as const)
  const flip = oneOf(search, 'flip', ['h', 'v', 'hv', 'vh'] as const)
  const invert = oneOf(search, 'invert', ['true', 'false', '1', '0'] as const)
  const quality = numberParam(search, 'q', 0, 100)
  const explicitFormat = oneOf(search, 'fm', FORMATS)
  const wantsAuto = (value(search, 'auto') ?? '').split(',').includes('format')
  const negotiated = wantsAuto && explicitFormat === undefined
  const format = explicitFormat ?? (negotiated ? negotiateFormat(accept) : undefined)
  const output = format ?? DEFAULT_OUTPUT[source.extension] ?? 'png'

  // Only `fit=crop` honours min/max (as documented for the hosted CDN); fit and crop matter
  // only when something is resized, so they are normalised away otherwise.
  const resizes = width !== undefined || height !== undefined || (fit === 'crop' && bounds !== undefined)
  const crops = resizes && (fit === 'crop' || fit === 'min')
  const transform: ImageTransform = {
    rect,
    orientation: orientation === undefined || orientation === '0' ? undefined : ORIENTATIONS[orientation],
    flip: flip === 'vh' ? 'hv' : flip,
    width,
    height,
    fit: resizes ? fit : 'clip',
    crop: crops ? crop : CENTER,
    bounds: fit === 'crop' ? bounds : undefined,
    background: parseBackground(search),
    blur: numberParam(search, 'blur', 0, 2000) || undefined,
    sharpen: numberParam(search, 'sharp', 0, 100) || undefined,
    saturation: numberParam(search, 'sat', -100, 100) || undefined,
    invert: invert === 'true' || invert === '1' ? true : undefined,
    quality: quality !== undefined && LOSSY.has(output) ? Math.max(1, quality) : undefined,
    format: output,
  }
  const changesPixels = Object.entries(transform).some(
    ([key, entry]) => entry !== undefined && !['fit', 'crop', 'format'].includes(key),
  )
  const original = !changesPixels && (format === undefined || format === source.extension)
  return { transform: original ? undefined : transform, negotiated }
}
