import type { CSSProperties } from 'react'
import type { EditAttributes } from '@/lib/sanity/editAttributes'
import { imageAspectRatio, type QueriedImage } from '@/lib/sanity/image'
import { LazyPhoto } from './LazyPhoto'
import { SanityImage } from './SanityImage'

interface Props {
  image: QueriedImage | null | undefined
  credit: string | null | undefined
  lcp?: boolean
  /** In draft mode, what opens the photo and the credit in the Studio (lib/sanity/editAttributes.ts). */
  edit?: { image?: EditAttributes; credit?: EditAttributes }
}

/**
 * A slide's photo with its credit line. A slide without a credit shows none but keeps the line's
 * space (`uncredited`), so what follows sits as far below every photo; in draft mode that space
 * says "No credit", for the editor to click. The slideshow's photo (`lcp`) is `next/image`,
 * preloaded, on its main colour until it arrives (the slide page is the one readers load most, so
 * it carries no blurred preview); the story page's forty others are plain server-rendered images
 * (LazyPhoto), so they add nothing to hydrate.
 */
export function SlideFigure({ image, credit, lcp = false, edit = {} }: Props) {
  const shown = credit?.trim()
  const placeholder = !shown && edit.credit?.['data-sanity'] !== undefined
  return (
    <figure
      className={shown || placeholder ? 'photo' : 'photo uncredited'}
      style={lcp ? photoAspect(image) : undefined}
      {...edit.image}
    >
      {lcp ? (
        <SanityImage
          image={image}
          width={1200}
          sizes="(min-width: 60rem) 56rem, 100vw"
          lcp
          placeholder="colour"
        />
      ) : (
        <LazyPhoto image={image} width={1200} />
      )}
      {shown ? (
        <figcaption className="credit" {...edit.credit}>
          {shown}
        </figcaption>
      ) : placeholder ? (
        // In draft mode only: something to click to give the slide a credit, in the line's space.
        <figcaption className="credit credit-missing" {...edit.credit}>
          No credit
        </figcaption>
      ) : null}
    </figure>
  )
}

/**
 * The slideshow's photo is as wide as the column, or narrower when that would make it taller than
 * the screen allows (globals.css, `.slideshow .photo img`). Its exact aspect ratio, known before
 * the photo arrives, lets the browser lay out that box at once and keep it when the photo comes:
 * otherwise the box is empty until then and everything under it moves down (a layout shift), or
 * moves by the rounding of the width and height attributes.
 */
function photoAspect(image: QueriedImage | null | undefined): CSSProperties | undefined {
  const ratio = imageAspectRatio(image)
  if (!ratio) return undefined
  // A custom property: React's style types do not list them.
  return { '--photo-aspect': ratio.toFixed(5) } as CSSProperties
}
