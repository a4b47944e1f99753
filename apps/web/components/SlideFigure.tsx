import type { EditAttributes } from '@/lib/sanity/editAttributes'
import type { QueriedImage } from '@/lib/sanity/image'
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
 * says "No credit", for the editor to click. The page's main photo
 * (`lcp`) is `next/image`, preloaded with a blurred preview; the story page's forty others are
 * plain server-rendered images (LazyPhoto), so they add nothing to hydrate.
 */
export function SlideFigure({ image, credit, lcp = false, edit = {} }: Props) {
  const shown = credit?.trim()
  const placeholder = !shown && edit.credit?.['data-sanity'] !== undefined
  return (
    <figure className={shown || placeholder ? 'photo' : 'photo uncredited'} {...edit.image}>
      {lcp ? (
        <SanityImage image={image} width={1200} sizes="(min-width: 60rem) 56rem, 100vw" lcp />
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
