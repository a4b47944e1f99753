import type { QueriedImage } from '@/lib/sanity/image'
import { SanityImage } from './SanityImage'

interface Props {
  image: QueriedImage | null | undefined
  credit: string | null | undefined
  lcp?: boolean
}

/** A slide's photo with its credit line; a slide without a credit shows none. */
export function SlideFigure({ image, credit, lcp = false }: Props) {
  return (
    <figure className="photo">
      <SanityImage image={image} width={1200} sizes="(min-width: 60rem) 56rem, 100vw" lcp={lcp} />
      {credit?.trim() ? <figcaption className="credit">{credit}</figcaption> : null}
    </figure>
  )
}
