import type { ImageLoaderProps } from 'next/image'

// Resolves the site-relative URLs of images on the lake; never appears in what the loader returns.
const RELATIVE_BASE = 'http://relative.invalid'

/**
 * The loader every `next/image` on the site uses (`images.loaderFile` in next.config.ts): asks
 * Sanity's image API (the CDN, or the lake through the site's `/images/` rewrite) for a variant
 * `width` pixels wide, in the best format the browser takes (`auto=format`), keeping the aspect
 * ratio and framing the URL already carries (`h`, `rect`). Same parameters as `next-sanity/image`'s
 * loader, which only takes absolute URLs and, being a client module, cannot run in server components.
 */
export default function sanityImageLoader({ src, width, quality }: ImageLoaderProps): string {
  const relative = src.startsWith('/')
  const url = new URL(src, RELATIVE_BASE)
  url.searchParams.set('auto', 'format')
  if (!url.searchParams.has('fit')) url.searchParams.set('fit', url.searchParams.has('h') ? 'min' : 'max')
  const originalWidth = Number(url.searchParams.get('w'))
  const originalHeight = Number(url.searchParams.get('h'))
  if (originalWidth && originalHeight) {
    url.searchParams.set('h', String(Math.round((originalHeight / originalWidth) * width)))
  }
  url.searchParams.set('w', String(width))
  if (quality) url.searchParams.set('q', String(quality))
  return relative ? `${url.pathname}${url.search}` : url.href
}
