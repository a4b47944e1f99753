import { type QueriedImage, sanityImageProps } from '@/lib/sanity/image'
import sanityImageLoader from '@/lib/sanity/imageLoader'

interface Props {
  image: QueriedImage | null | undefined
  /** The widest the image is ever shown, in CSS pixels: the intrinsic size, so the layout never shifts. */
  width: number
}

/**
 * The variants offered: what phones at 2x and 3x pick for a full-width photo, and desktops at 1x
 * for a 56rem one. Each costs its URL twice per photo (HTML and RSC payload), so not next/image's
 * six, and no `sizes`: the default (the viewport's width) picks the same two.
 */
const CANDIDATE_WIDTHS = [828, 1200]

const RELATIVE_BASE = 'http://relative.invalid'

/**
 * The loader's URL, shortened: without a crop the width alone keeps the aspect ratio (no `h`), and
 * no candidate is wider than the original, so nothing is upscaled whatever the `fit`.
 */
function variantUrl(src: string, width: number): string {
  const source = new URL(src, RELATIVE_BASE)
  if (!source.searchParams.has('rect')) source.searchParams.delete('h')
  const url = new URL(sanityImageLoader({ src: source.href, width }))
  if (!url.searchParams.has('h')) url.searchParams.delete('fit')
  return src.startsWith('/') ? `${url.pathname}${url.search}` : url.href
}

/**
 * A photo further down a page, as a plain lazy `<img>` rendered on the server: unlike
 * `next/image` (a client component) it leaves nothing to hydrate, and it waits on its main
 * colour rather than a blurred preview, which would weigh a kilobyte per photo, twice.
 */
export function LazyPhoto({ image, width }: Props) {
  const props = sanityImageProps(image, { width })
  if (!props) return null
  const widest = image?.asset?.width ?? width
  const widths = CANDIDATE_WIDTHS.filter((candidate) => candidate <= widest)
  const offered = widths.length ? widths : [widest]
  // A colour under a transparent photo would show through, so only opaque ones get one.
  const color = image?.asset?.isOpaque !== false ? image?.asset?.color : undefined
  return (
    // biome-ignore lint/performance/noImgElement: next/image is a client component, which is what this avoids.
    <img
      src={variantUrl(props.src, offered[0] ?? widest)}
      srcSet={offered.map((candidate) => `${variantUrl(props.src, candidate)} ${candidate}w`).join(', ')}
      width={props.width}
      height={props.height}
      alt={props.alt}
      loading="lazy"
      {...(color ? { style: { backgroundColor: color } } : {})}
    />
  )
}
