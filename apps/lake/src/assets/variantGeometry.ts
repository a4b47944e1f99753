import {
  type CropPlacement,
  type ImageTransform,
  MAX_DIMENSION,
  MAX_OUTPUT_PIXELS,
  type Rect,
  type Size,
} from './transformParams.ts'

/**
 * The sizes a transform works out to, computed up front so the sharp pipeline only follows
 * instructions and every fit mode can be checked without decoding an image. Semantics follow
 * the hosted image CDN: `clip` fits inside (and may enlarge), `max` fits inside but never
 * enlarges, `fill`/`fillmax` do the same and pad to the box, `scale` stretches, `crop` covers
 * the box and cuts by gravity, entropy or focal point, `min` crops to the box's aspect ratio
 * without enlarging.
 */

export type ResizeStep =
  | { kind: 'exact'; width: number; height: number }
  | {
      kind: 'cover'
      width: number
      height: number
      placement: Exclude<CropPlacement, { kind: 'focalpoint' }>
    }

export interface VariantGeometry {
  resize?: ResizeStep
  /** A window cut from the resized image (focal-point crops). */
  extract?: Rect
  /** Padding that centres the image in the requested box (`fill`, `fillmax`). */
  pad?: { top: number; right: number; bottom: number; left: number }
  output: Size
}

const atLeastOne = (value: number) => Math.max(1, Math.round(value))
const sameSize = (a: Size, b: Size) => a.width === b.width && a.height === b.height
const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max)

/** The image the fit works on: the `rect` region, turned by `or`. */
export function regionOf(source: Size, transform: ImageTransform): Size {
  const { width, height } = transform.rect ?? source
  const turned = transform.orientation === 90 || transform.orientation === 270
  return turned ? { width: height, height: width } : { width, height }
}

export function planGeometry(region: Size, transform: ImageTransform): VariantGeometry {
  const { width, height, fit, bounds } = transform
  let box: Size
  if (width !== undefined) {
    box = { width, height: height ?? atLeastOne((width * region.height) / region.width) }
  } else if (height !== undefined) {
    box = { width: atLeastOne((height * region.width) / region.height), height }
  } else if (fit === 'crop' && bounds) {
    box = region
  } else {
    return region.width * region.height > MAX_OUTPUT_PIXELS
      ? inside(region, capped(region), false)
      : { output: region }
  }
  box = capped(box)
  const padTo = width !== undefined && height !== undefined ? box : undefined
  switch (fit) {
    case 'crop':
      return cover(region, capped(withinBounds(box, bounds)), transform.crop)
    case 'min':
      return cover(region, withoutEnlarging(region, box), transform.crop)
    case 'scale':
      return exact(region, box)
    case 'clip':
      return inside(region, box, true)
    case 'max':
      return inside(region, box, false)
    case 'fill':
      return padded(inside(region, box, true), padTo)
    case 'fillmax':
      return padded(inside(region, box, false), padTo)
  }
}

/**
 * No side past MAX_DIMENSION (a size derived from the aspect ratio can be huge: w=8000 of a 1 px
 * wide strip) and no more than MAX_OUTPUT_PIXELS in all, whatever was asked: scaled down to fit.
 */
function capped(box: Size): Size {
  const bySide = MAX_DIMENSION / Math.max(box.width, box.height)
  const byArea = Math.sqrt(MAX_OUTPUT_PIXELS / (box.width * box.height))
  const scale = Math.min(bySide, byArea)
  if (scale >= 1) return box
  // Rounded down when the area binds, so rounding never ends a pixel over the cap.
  const size = bySide <= byArea ? atLeastOne : (value: number) => Math.max(1, Math.floor(value))
  return { width: size(box.width * scale), height: size(box.height * scale) }
}

function withinBounds(box: Size, bounds: ImageTransform['bounds']): Size {
  if (!bounds) return box
  return {
    width: clamp(box.width, bounds.minWidth ?? 1, bounds.maxWidth ?? MAX_DIMENSION),
    height: clamp(box.height, bounds.minHeight ?? 1, bounds.maxHeight ?? MAX_DIMENSION),
  }
}

/** For `min`: when covering the box would enlarge, crop the box's aspect ratio at source scale. */
function withoutEnlarging(region: Size, box: Size): Size {
  if (box.width <= region.width && box.height <= region.height) return box
  const aspect = box.width / box.height
  return region.width / region.height > aspect
    ? { width: atLeastOne(region.height * aspect), height: region.height }
    : { width: region.width, height: atLeastOne(region.width / aspect) }
}

function exact(region: Size, size: Size): VariantGeometry {
  return sameSize(region, size) ? { output: region } : { resize: { kind: 'exact', ...size }, output: size }
}

function inside(region: Size, box: Size, enlarge: boolean): VariantGeometry {
  const fits = Math.min(box.width / region.width, box.height / region.height)
  const scale = enlarge ? fits : Math.min(fits, 1)
  return exact(region, { width: atLeastOne(region.width * scale), height: atLeastOne(region.height * scale) })
}

function padded(geometry: VariantGeometry, box: Size | undefined): VariantGeometry {
  if (!box || sameSize(box, geometry.output)) return geometry
  const left = Math.floor((box.width - geometry.output.width) / 2)
  const top = Math.floor((box.height - geometry.output.height) / 2)
  const right = box.width - geometry.output.width - left
  const bottom = box.height - geometry.output.height - top
  return { ...geometry, pad: { top, right, bottom, left }, output: box }
}

function cover(region: Size, box: Size, placement: CropPlacement): VariantGeometry {
  if (sameSize(region, box)) return { output: region }
  if (placement.kind !== 'focalpoint') {
    return { resize: { kind: 'cover', ...box, placement }, output: box }
  }
  // sharp has no focal-point gravity: scale to cover, then cut the window centred on the point.
  const scale = Math.max(box.width / region.width, box.height / region.height)
  const covering = {
    width: Math.max(box.width, Math.round(region.width * scale)),
    height: Math.max(box.height, Math.round(region.height * scale)),
  }
  const extract = {
    left: clamp(Math.round(placement.x * covering.width - box.width / 2), 0, covering.width - box.width),
    top: clamp(Math.round(placement.y * covering.height - box.height / 2), 0, covering.height - box.height),
    ...box,
  }
  return {
    ...exact(region, covering),
    ...(sameSize(covering, box) ? {} : { extract }),
    output: box,
  }
}
