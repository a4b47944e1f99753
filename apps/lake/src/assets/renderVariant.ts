import sharp, { type Sharp } from 'sharp'
import { decodeOptions } from './imageAssets.ts'
import type { CropPlacement, ImageTransform, OutputFormat, Rgba, Size } from './transformParams.ts'
import { planGeometry, regionOf, type VariantGeometry } from './variantGeometry.ts'

const KEEPS_ALPHA: ReadonlySet<OutputFormat> = new Set(['png', 'webp', 'avif', 'gif'])
const WHITE: Rgba = { r: 255, g: 255, b: 255, alpha: 1 }
const TRANSPARENT: Rgba = { r: 0, g: 0, b: 0, alpha: 0 }

/**
 * Renders one variant of a stored image with sharp. `source` is the image as displayed (EXIF
 * orientation applied), the size its file name records.
 */
export async function renderVariant(
  sourcePath: string,
  source: Size,
  transform: ImageTransform,
  maxPixels: number,
): Promise<Buffer> {
  let image = sharp(sourcePath, decodeOptions(maxPixels)).autoOrient()
  if (transform.rect) image = image.extract(transform.rect)
  // sharp turns an image before its pre-resize extract whatever the call order, and `rect` is
  // in the unturned image's pixels: with both, cut first, then turn in a fresh pipeline.
  if (transform.rect && transform.orientation) image = await materialised(image)
  // sharp mirrors before it turns, whatever the call order; calls follow that order.
  if (transform.flip?.includes('h')) image = image.flop()
  if (transform.flip?.includes('v')) image = image.flip()
  if (transform.orientation) image = image.rotate(transform.orientation)
  image = resized(image, planGeometry(regionOf(source, transform), transform), paddingOf(transform))
  image = withEffects(image, transform)
  const background = flattenOnto(transform)
  if (background) image = image.flatten({ background })
  return encoded(image, transform).toBuffer()
}

/**
 * What transparency is flattened onto: a format without alpha always needs a colour (`bg`, else
 * white), one with alpha only when an opaque `bg` asks for it.
 */
function flattenOnto(transform: ImageTransform): Rgba | undefined {
  if (!KEEPS_ALPHA.has(transform.format)) return { ...(transform.background ?? WHITE), alpha: 1 }
  return transform.background?.alpha === 1 ? transform.background : undefined
}

async function materialised(image: Sharp): Promise<Sharp> {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true })
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
}

/** Padding (`fill`, `fillmax`) takes `bg`, else transparency where the format keeps it, else white. */
function paddingOf(transform: ImageTransform): Rgba {
  const colour = transform.background ?? (KEEPS_ALPHA.has(transform.format) ? TRANSPARENT : WHITE)
  return KEEPS_ALPHA.has(transform.format) ? colour : { ...colour, alpha: 1 }
}

function resized(image: Sharp, geometry: VariantGeometry, padding: Rgba): Sharp {
  const { resize, extract, pad } = geometry
  if (resize?.kind === 'exact') image = image.resize(resize.width, resize.height, { fit: 'fill' })
  if (resize?.kind === 'cover') {
    image = image.resize(resize.width, resize.height, {
      fit: 'cover',
      position: positionOf(resize.placement),
    })
  }
  if (extract) image = image.extract(extract)
  if (pad) image = image.extend({ ...pad, background: padding })
  return image
}

function positionOf(placement: Exclude<CropPlacement, { kind: 'focalpoint' }>): string | number {
  if (placement.kind === 'entropy') return sharp.strategy.entropy
  const sides = [placement.horizontal, placement.vertical].filter((side) => side !== 'center')
  return sides.length === 0 ? 'centre' : sides.join(' ')
}

function withEffects(image: Sharp, transform: ImageTransform): Sharp {
  // The CDN's blur runs to 2000 and its sharpen to 100; these map them onto Gaussian sigmas.
  if (transform.blur) image = image.blur(Math.min(1000, Math.max(0.3, transform.blur / 10)))
  if (transform.sharpen) image = image.sharpen({ sigma: 0.5 + transform.sharpen / 50 })
  if (transform.saturation) image = image.modulate({ saturation: 1 + transform.saturation / 100 })
  if (transform.invert) image = image.negate({ alpha: false })
  return image
}

function encoded(image: Sharp, transform: ImageTransform): Sharp {
  const quality = transform.quality
  switch (transform.format) {
    case 'jpg':
      return image.jpeg({ quality: quality ?? 75 })
    case 'pjpg':
      return image.jpeg({ quality: quality ?? 75, progressive: true })
    case 'png':
      return image.png()
    case 'webp':
      return image.webp({ quality: quality ?? 75 })
    case 'avif':
      // AVIF's quality scale runs lower than JPEG's for the same look, and sharp's default
      // effort (4) is several times slower for a few percent fewer bytes: a local lake favours
      // the first response.
      return image.avif({ quality: quality ?? 50, effort: 2 })
    case 'gif':
      return image.gif()
  }
}
