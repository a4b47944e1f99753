import { createImageUrlBuilder } from '@sanity/image-url'
import { SITE_URL } from '../site'
import { sanityEnv } from './env'

/** An image as the queries in @slideshow/sanity/queries project it. */
export interface QueriedImage {
  alt?: string | null
  crop?: { top?: number; bottom?: number; left?: number; right?: number } | null
  hotspot?: { x?: number; y?: number; height?: number; width?: number } | null
  asset: {
    _id: string
    lqip: string | null
    /** The photo's dominant colour, `#rrggbb`. */
    color?: string | null
    width: number | null
    height: number | null
    isOpaque?: boolean | null
  } | null
}

type ImageWithAsset = QueriedImage & {
  asset: NonNullable<QueriedImage['asset']> & { width: number; height: number }
}

/** Props for `next-sanity/image`'s `Image`, whose loader adds the width, `auto=format` and `fit`. */
export interface SanityImageProps {
  src: string
  width: number
  height: number
  alt: string
  blurDataURL?: string
}

/*
 * Browsers fetch variants from Sanity's image CDN, or on the lake from the site's own origin,
 * which forwards `/images/` to the lake (next.config.ts): a path, so the page works from whatever
 * address it was loaded (a phone on the LAN, a self-hosted domain). The builder only makes
 * absolute URLs, so it builds on a stand-in origin that is then dropped.
 */
const SAME_ORIGIN = 'http://same-origin.invalid'
const builder = createImageUrlBuilder({
  projectId: sanityEnv.projectId,
  dataset: sanityEnv.dataset,
  baseUrl: sanityEnv.imageBaseUrl || SAME_ORIGIN,
})

function imageUrl(url: string): string {
  return url.startsWith(`${SAME_ORIGIN}/`) ? url.slice(SAME_ORIGIN.length) : url
}

function hasAsset(image: QueriedImage | null | undefined): image is ImageWithAsset {
  return Boolean(image?.asset?._id && image.asset.width && image.asset.height)
}

/** Width over height of what the editor kept after cropping. */
export function croppedAspectRatio(image: ImageWithAsset): number {
  const { top = 0, bottom = 0, left = 0, right = 0 } = image.crop ?? {}
  return (image.asset.width * (1 - left - right)) / (image.asset.height * (1 - top - bottom))
}

/** The cropped aspect ratio of an image, when it has an asset with known dimensions. */
export function imageAspectRatio(image: QueriedImage | null | undefined): number | undefined {
  return hasAsset(image) ? croppedAspectRatio(image) : undefined
}

/**
 * The URL and intrinsic size of an image shown `width` pixels wide at its cropped aspect ratio,
 * or at `aspectRatio`, for which the builder picks the region around the editor's hotspot. The
 * region travels in the URL as `rect`, so every width the loader asks for shows the same framing.
 */
export function sanityImageProps(
  image: QueriedImage | null | undefined,
  { width, aspectRatio }: { width: number; aspectRatio?: number },
): SanityImageProps | null {
  if (!hasAsset(image)) return null
  const height = Math.round(width / (aspectRatio ?? croppedAspectRatio(image)))
  // The builder only reads what it needs from the image; its types want the full Sanity shape.
  const src = imageUrl(
    builder
      .image(image as Parameters<typeof builder.image>[0])
      .width(width)
      .height(height)
      .url(),
  )
  // A blurred preview under a transparent image would show through, so only opaque ones get one.
  const blur = image.asset.lqip && image.asset.isOpaque !== false ? { blurDataURL: image.asset.lqip } : {}
  return { src, width, height, alt: image.alt ?? '', ...blur }
}

/**
 * A fixed-size rendition for social cards and feeds (no responsive loader involved), absolute
 * because it is read off the site: on the lake, at the site's public address (SITE_URL).
 */
export function fixedImageUrl(
  image: QueriedImage | null | undefined,
  size: { width: number; height?: number },
): string | undefined {
  if (!hasAsset(image)) return undefined
  const props = sanityImageProps(image, {
    width: size.width,
    ...(size.height ? { aspectRatio: size.width / size.height } : {}),
  })
  if (!props) return undefined
  const url = new URL(props.src, SITE_URL)
  url.searchParams.set('fit', 'crop')
  // Social networks and feed readers do not all take WebP or AVIF, so these stay JPEG.
  url.searchParams.set('fm', 'jpg')
  return url.href
}
