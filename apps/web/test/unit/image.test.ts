import { describe, expect, it } from 'vitest'
import { croppedAspectRatio, fixedImageUrl, type QueriedImage, sanityImageProps } from '@/lib/sanity/image'
import imageLoader from '@/lib/sanity/imageLoader'
import { SITE_URL } from '@/lib/site'

const asset = {
  _id: 'image-433d036582f338c0918134270982fe1c4a09dc08-1600x1000-jpg',
  lqip: 'data:image/jpeg;base64,AAAA',
  width: 1600,
  height: 1000,
  isOpaque: true,
}

function params(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url, 'http://localhost').searchParams)
}

describe('sanityImageProps', () => {
  it("points at the image on the site's own origin, with its intrinsic size, alt and blur preview", () => {
    const props = sanityImageProps({ alt: 'Alec', asset }, { width: 1200 })
    expect(props).toMatchObject({ width: 1200, height: 750, alt: 'Alec', blurDataURL: asset.lqip })
    // A path: the site forwards /images/ to the lake, so a page loaded from any address shows it.
    expect(props?.src).toMatch(
      /^\/images\/local\/production\/433d036582f338c0918134270982fe1c4a09dc08-1600x1000\.jpg\?/,
    )
    expect(params(props?.src ?? '')).toEqual({ w: '1200', h: '750' })
  })

  it('honours the editor crop: the aspect ratio and the rect follow it', () => {
    const image: QueriedImage = { asset, crop: { top: 0, bottom: 0, left: 0.25, right: 0.25 } }
    expect(croppedAspectRatio({ ...image, asset })).toBeCloseTo(0.8)
    const props = sanityImageProps(image, { width: 800 })
    expect(props).toMatchObject({ width: 800, height: 1000 })
    expect(params(props?.src ?? '').rect).toBe('400,0,800,1000')
  })

  it('centres a fixed aspect ratio on the hotspot', () => {
    const image: QueriedImage = { asset, hotspot: { x: 0.9, y: 0.5, width: 0.1, height: 0.1 } }
    const props = sanityImageProps(image, { width: 500, aspectRatio: 1 })
    // A 1000x1000 square as far right as the hotspot asks, kept inside the image.
    expect(params(props?.src ?? '').rect).toBe('600,0,1000,1000')
  })

  it('gives no blur preview for transparent images and nothing without an asset', () => {
    expect(sanityImageProps({ asset: { ...asset, isOpaque: false } }, { width: 100 })).not.toHaveProperty(
      'blurDataURL',
    )
    expect(sanityImageProps({ asset: null }, { width: 100 })).toBeNull()
    expect(sanityImageProps(null, { width: 100 })).toBeNull()
  })
})

describe('the loader next/image uses', () => {
  it('asks for sized, auto-format variants that keep the framing', () => {
    const props = sanityImageProps(
      { asset, hotspot: { x: 0.5, y: 0.5, width: 1, height: 1 } },
      { width: 1200, aspectRatio: 2 },
    )
    const variant = imageLoader({ src: props?.src ?? '', width: 640 })
    expect(variant.startsWith('/images/local/production/')).toBe(true)
    expect(params(variant)).toMatchObject({
      w: '640',
      h: '320',
      auto: 'format',
      fit: 'min',
      rect: '0,100,1600,800',
    })
  })

  it('keeps absolute URLs (the hosted CDN) absolute', () => {
    const variant = imageLoader({
      src: 'https://cdn.sanity.io/images/p/d/a-10x10.jpg?w=10',
      width: 640,
      quality: 70,
    })
    expect(variant).toBe('https://cdn.sanity.io/images/p/d/a-10x10.jpg?w=640&auto=format&fit=max&q=70')
  })
})

describe('fixedImageUrl', () => {
  it("makes a 1200x630 JPEG crop for social cards, at the site's public address", () => {
    const url = fixedImageUrl({ asset }, { width: 1200, height: 630 })
    expect(url?.startsWith(`${SITE_URL}/images/local/production/`)).toBe(true)
    expect(params(url ?? '')).toMatchObject({ w: '1200', h: '630', fit: 'crop', fm: 'jpg' })
  })
})
