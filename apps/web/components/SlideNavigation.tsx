'use client'

import { getImageProps } from 'next/image'
import { useRouter } from 'next/navigation'
import { useEffect } from 'react'

export interface NextImageHint {
  src: string
  width: number
  height: number
  sizes: string
}

interface Props {
  previousHref: string | undefined
  nextHref: string | undefined
  /** The next slide's image, fetched ahead so it is on screen as soon as the reader moves on. */
  nextImage: NextImageHint | undefined
  /** Off in draft mode, where a prefetch is a full render (see SiteLink). */
  prefetch: boolean
}

const SWIPE_MIN_PX = 50

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  )
}

/**
 * The slideshow's only client code: arrow keys and horizontal swipes move between slides (the
 * visible previous/next links are server-rendered and work without it), and the next slide's
 * page and image are fetched ahead of time.
 */
export function SlideNavigation({ previousHref, nextHref, nextImage, prefetch }: Props) {
  const router = useRouter()

  useEffect(() => {
    const go = (href: string | undefined) => {
      if (href) router.push(href)
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
      if (isTyping(event.target)) return
      if (event.key === 'ArrowRight') go(nextHref)
      else if (event.key === 'ArrowLeft') go(previousHref)
    }
    let start: { x: number; y: number } | undefined
    const onTouchStart = (event: TouchEvent) => {
      const touch = event.touches[0]
      start = event.touches.length === 1 && touch ? { x: touch.clientX, y: touch.clientY } : undefined
    }
    const onTouchEnd = (event: TouchEvent) => {
      const touch = event.changedTouches[0]
      if (!start || !touch) return
      const dx = touch.clientX - start.x
      const dy = touch.clientY - start.y
      start = undefined
      // Mostly sideways and far enough: a vertical scroll that drifts is not a swipe.
      if (Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) < Math.abs(dy) * 1.5) return
      go(dx < 0 ? nextHref : previousHref)
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('touchstart', onTouchStart, { passive: true })
    window.addEventListener('touchend', onTouchEnd, { passive: true })
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('touchstart', onTouchStart)
      window.removeEventListener('touchend', onTouchEnd)
    }
  }, [router, previousHref, nextHref])

  useEffect(() => {
    if (!prefetch) return
    if (nextHref) router.prefetch(nextHref)
    if (!nextImage) return
    // Same loader (the site's, from next.config.ts), sizes and widths as the next page's <img>, so
    // the browser picks the same candidate and finds it in its cache.
    const { props } = getImageProps({ ...nextImage, alt: '' })
    const image = new window.Image()
    image.fetchPriority = 'low'
    if (props.sizes) image.sizes = props.sizes
    if (props.srcSet) image.srcset = props.srcSet
    image.src = props.src
  }, [router, nextHref, nextImage, prefetch])

  return null
}
