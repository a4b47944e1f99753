import Image from 'next/image'
import { type QueriedImage, sanityImageProps } from '@/lib/sanity/image'

interface Props {
  image: QueriedImage | null | undefined
  /** The widest the image is ever shown, in CSS pixels: the intrinsic size, so the layout never shifts. */
  width: number
  /** Crop to this width/height around the editor's hotspot; the editor's own crop when absent. */
  aspectRatio?: number
  /** Which width the browser should pick at each viewport (the `sizes` attribute). */
  sizes: string
  /** The page's largest image: preloaded at high priority instead of lazy-loaded. */
  lcp?: boolean
  /**
   * What shows until the photo arrives: a blurred preview (`blur`, the asset's lqip), or only its
   * main colour (`colour`), some twenty bytes instead of a kilobyte and a half in the HTML and as
   * much again in the page's RSC payload.
   */
  placeholder?: 'blur' | 'colour'
}

/** A content image through `next/image` with Sanity's loader (lib/sanity/imageLoader.ts): sized `auto=format` variants, blur-up, hotspot. */
export function SanityImage({ image, width, aspectRatio, sizes, lcp = false, placeholder = 'blur' }: Props) {
  const props = sanityImageProps(image, { width, ...(aspectRatio ? { aspectRatio } : {}) })
  if (!props) return null
  const { blurDataURL, ...rest } = props
  // Like the blurred preview, a colour under a transparent photo would show through.
  const colour = image?.asset?.isOpaque !== false ? image?.asset?.color : undefined
  return (
    <Image
      {...rest}
      sizes={sizes}
      {...(placeholder === 'blur' && blurDataURL ? { placeholder: 'blur' as const, blurDataURL } : {})}
      {...(placeholder === 'colour' && colour ? { style: { backgroundColor: colour } } : {})}
      {...(lcp ? { preload: true, fetchPriority: 'high' as const } : { loading: 'lazy' as const })}
    />
  )
}
