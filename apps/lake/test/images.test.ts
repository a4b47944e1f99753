import { request } from 'node:http'
import type { SanityImageAssetDocument } from '@sanity/client'
import { createImageUrlBuilder, type ImageUrlBuilder } from '@sanity/image-url'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget, type Target } from './harness.ts'
import { colourAt, http2Get, splitImage } from './imagesFixtures.ts'

let target: Target
let builder: ImageUrlBuilder
/** 400x200 PNG, left half red, right half blue. */
let split: SanityImageAssetDocument
let splitBytes: Buffer
/** 640x480 JPEG, the same split. */
let photo: SanityImageAssetDocument

beforeAll(async () => {
  target = await startTarget()
  splitBytes = await splitImage(400, 200)
  split = await target.client().assets.upload('image', splitBytes, { filename: 'split.png' })
  photo = await target
    .client()
    .assets.upload('image', await splitImage(640, 480, 'jpeg'), { filename: 'photo.jpg' })
  builder = createImageUrlBuilder({
    projectId: target.projectId,
    dataset: target.dataset,
    baseUrl: target.url,
  })
})
afterAll(() => target.close())

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers })
  const bytes = Buffer.from(await response.arrayBuffer())
  const image = response.ok && bytes.length > 0 ? await sharp(bytes).metadata() : undefined
  return { response, bytes, image, header: (name: string) => response.headers.get(name) ?? '' }
}

const urlOf = (asset: SanityImageAssetDocument) => builder.image(asset._id)

describe('image delivery', () => {
  it('serves the original bytes with immutable caching, on both ports (HTTP/2 on the TLS one)', async () => {
    const url = urlOf(split).url()
    expect(url).toBe(`${target.url}/${split.path}`)
    const { response, bytes, header } = await get(url)
    expect(response.status).toBe(200)
    expect(bytes.equals(splitBytes)).toBe(true)
    expect(header('content-type')).toBe('image/png')
    expect(header('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(header('etag')).toBe(`"${split.sha1hash}"`)

    const local = target.local
    if (!local) return
    const original = await http2Get(local.httpsUrl, `/${split.path}`, local.tls.caCert)
    expect(original.status).toBe(200)
    expect(original.body.equals(splitBytes)).toBe(true)
    const variant = await http2Get(local.httpsUrl, `/${split.path}?w=100`, local.tls.caCert)
    expect(variant.type).toBe('image/png')
    expect((await sharp(variant.body).metadata()).width).toBe(100)
  })

  it('resizes by width or height, keeping the aspect ratio', async () => {
    expect((await get(urlOf(split).width(200).url())).image).toMatchObject({ width: 200, height: 100 })
    expect((await get(urlOf(split).height(50).url())).image).toMatchObject({ width: 100, height: 50 })
  })

  it('fit=crop with w and h gives exactly w×h, cut where crop says', async () => {
    const left = await get(urlOf(split).width(100).height(100).fit('crop').crop('left').url())
    expect(left.image).toMatchObject({ width: 100, height: 100 })
    expect(await colourAt(left.bytes, 50, 50)).toBe('red')
    const right = await get(urlOf(split).width(100).height(100).fit('crop').crop('right').url())
    expect(await colourAt(right.bytes, 50, 50)).toBe('blue')
    const centre = await get(urlOf(split).width(100).height(100).fit('crop').url())
    expect([await colourAt(centre.bytes, 10, 50), await colourAt(centre.bytes, 90, 50)]).toEqual([
      'red',
      'blue',
    ])
  })

  it('crop=focalpoint centres the cut on fp-x/fp-y', async () => {
    const at = (x: number) => urlOf(split).size(100, 100).fit('crop').crop('focalpoint').focalPoint(x, 0.5)
    expect(await colourAt((await get(at(0.9).url())).bytes, 50, 50)).toBe('blue')
    expect(await colourAt((await get(at(0.1).url())).bytes, 50, 50)).toBe('red')
  })

  it('fit=max never enlarges; fit=clip does', async () => {
    expect((await get(urlOf(split).width(800).fit('max').url())).image).toMatchObject({
      width: 400,
      height: 200,
    })
    expect((await get(urlOf(split).width(800).fit('clip').url())).image).toMatchObject({
      width: 800,
      height: 400,
    })
    expect((await get(urlOf(split).ignoreImageParams().size(100, 100).fit('max').url())).image).toMatchObject(
      {
        width: 100,
        height: 50,
      },
    )
  })

  it('dpr multiplies the requested size', async () => {
    expect((await get(urlOf(split).width(100).dpr(2).url())).image).toMatchObject({ width: 200, height: 100 })
  })

  it('rect cuts the source before anything else', async () => {
    const url = urlOf(split).rect(200, 0, 200, 200).width(50).url()
    expect(url).toContain('rect=200,0,200,200')
    const { bytes, image } = await get(url)
    expect(image).toMatchObject({ width: 50, height: 50 })
    for (const [x, y] of [
      [0, 0],
      [49, 49],
      [25, 25],
    ] as const) {
      expect(await colourAt(bytes, x, y)).toBe('blue')
    }
  })

  it("applies an image field's crop and hotspot the way the builder encodes them", async () => {
    const field = {
      asset: { _ref: split._id },
      crop: { top: 0, bottom: 0, left: 0.5, right: 0 },
      hotspot: { x: 0.75, y: 0.5, width: 0.2, height: 0.2 },
    }
    const { bytes, image } = await get(builder.image(field).width(60).height(60).url())
    expect(image).toMatchObject({ width: 60, height: 60 })
    expect(await colourAt(bytes, 0, 0)).toBe('blue')
  })

  it('fit=fill pads to the box with bg; fillmax pads without enlarging', async () => {
    const filled = await get(urlOf(split).ignoreImageParams().size(400, 400).fit('fill').bg('00ff00').url())
    expect(filled.image).toMatchObject({ width: 400, height: 400 })
    expect(await colourAt(filled.bytes, 200, 10)).toBe('green')
    expect(await colourAt(filled.bytes, 100, 200)).toBe('red')

    const padded = await get(urlOf(split).ignoreImageParams().size(800, 800).fit('fillmax').url())
    expect(padded.image).toMatchObject({ width: 800, height: 800 })
    expect(await colourAt(padded.bytes, 10, 10)).toBe('transparent')
    expect(await colourAt(padded.bytes, 250, 400)).toBe('red')
    expect(await colourAt(padded.bytes, 550, 400)).toBe('blue')
    expect(await colourAt(padded.bytes, 150, 400)).toBe('transparent')
  })

  it('fit=scale stretches; fit=min crops to the aspect ratio without enlarging', async () => {
    const stretched = await get(urlOf(split).ignoreImageParams().size(100, 100).fit('scale').url())
    expect(stretched.image).toMatchObject({ width: 100, height: 100 })
    expect([await colourAt(stretched.bytes, 10, 50), await colourAt(stretched.bytes, 90, 50)]).toEqual([
      'red',
      'blue',
    ])
    expect((await get(urlOf(split).ignoreImageParams().size(800, 800).fit('min').url())).image).toMatchObject(
      {
        width: 200,
        height: 200,
      },
    )
    expect((await get(urlOf(split).ignoreImageParams().size(100, 100).fit('min').url())).image).toMatchObject(
      {
        width: 100,
        height: 100,
      },
    )
  })

  it('min-h/max-h bound a fit=crop box', async () => {
    expect((await get(`${urlOf(split).width(200).fit('crop').url()}&max-h=50`)).image).toMatchObject({
      width: 200,
      height: 50,
    })
    expect((await get(`${urlOf(split).width(200).fit('crop').url()}&min-h=150`)).image).toMatchObject({
      width: 200,
      height: 150,
    })
  })

  it('flips and turns', async () => {
    const flipped = await get(urlOf(split).width(100).flipHorizontal().url())
    expect(await colourAt(flipped.bytes, 10, 25)).toBe('blue')
    const turned = await get(urlOf(split).orientation(90).url())
    expect(turned.image).toMatchObject({ width: 200, height: 400 })
    expect(await colourAt(turned.bytes, 100, 10)).toBe('red')
    expect(await colourAt(turned.bytes, 100, 390)).toBe('blue')
    const cutAndTurned = await get(urlOf(split).rect(0, 0, 300, 200).orientation(90).url())
    expect(cutAndTurned.image).toMatchObject({ width: 200, height: 300 })
  })

  it('auto=format picks AVIF, then WebP, from Accept and says Vary: Accept', async () => {
    const url = urlOf(photo).width(200).auto('format').url()
    const avif = await get(url, { accept: 'image/avif,image/webp,*/*' })
    expect(avif.header('content-type')).toBe('image/avif')
    expect(avif.image?.format).toBe('heif')
    expect(avif.header('vary')).toContain('Accept')
    const webp = await get(url, { accept: 'image/webp,*/*' })
    expect(webp.header('content-type')).toBe('image/webp')
    expect(webp.image).toMatchObject({ format: 'webp', width: 200 })
    const plain = await get(url, { accept: '*/*' })
    expect(plain.image).toMatchObject({ format: 'jpeg', width: 200 })
    expect(plain.header('vary')).toContain('Accept')
    expect(new Set([avif, webp, plain].map(({ response }) => response.headers.get('etag'))).size).toBe(3)
    const untouched = await get(urlOf(photo).auto('format').url(), { accept: 'text/html' })
    expect(untouched.header('x-lake-variant')).toBe('original')
  })

  it('fm converts and wins over auto=format; q sets the quality', async () => {
    expect((await get(urlOf(photo).width(100).format('png').url())).image?.format).toBe('png')
    const progressive = await get(urlOf(split).format('pjpg').url())
    expect(progressive.image).toMatchObject({ format: 'jpeg', isProgressive: true })
    const explicit = await get(urlOf(photo).format('webp').auto('format').url(), { accept: 'image/avif' })
    expect(explicit.image?.format).toBe('webp')
    expect(explicit.header('vary')).not.toContain('Accept')
    const small = await get(urlOf(photo).width(300).quality(10).url())
    const large = await get(urlOf(photo).width(300).quality(95).url())
    expect(small.bytes.length).toBeLessThan(large.bytes.length)
  })

  it('serves next-sanity image loader URLs (auto=format, fit=max, w, q)', async () => {
    const { image, header } = await get(`${urlOf(photo).url()}?auto=format&fit=max&w=1080&q=75`, {
      accept: 'image/webp,*/*',
    })
    expect(image).toMatchObject({ format: 'webp', width: 640, height: 480 })
    expect(header('vary')).toContain('Accept')
  })

  it('renders a variant once, then answers from disk; If-None-Match gets a 304', async () => {
    const url = urlOf(photo).width(123).url()
    const first = await get(url)
    const second = await get(url)
    expect(first.header('x-lake-variant')).toBe('rendered')
    expect(second.header('x-lake-variant')).toBe('cached')
    expect(second.bytes.equals(first.bytes)).toBe(true)
    const etag = first.header('etag')
    expect(etag).toMatch(/^"[a-f0-9]{40}-[a-f0-9]{20}"$/)
    expect(second.header('etag')).toBe(etag)
    expect(first.header('cache-control')).toBe('public, max-age=31536000, immutable')
    const revalidated = await get(url, { 'if-none-match': etag })
    expect(revalidated.response.status).toBe(304)
    expect(revalidated.bytes.length).toBe(0)
    const original = await get(urlOf(photo).url(), { 'if-none-match': `"${photo.sha1hash}"` })
    expect(original.response.status).toBe(304)
  })

  it('shares one render between concurrent requests for a new variant', async () => {
    const url = urlOf(photo).width(77).url()
    const answers = await Promise.all(Array.from({ length: 6 }, () => get(url)))
    const origins = answers.map(({ header }) => header('x-lake-variant'))
    expect(origins.filter((origin) => origin === 'rendered')).toHaveLength(1)
    expect(origins.every((origin) => ['rendered', 'joined', 'cached'].includes(origin))).toBe(true)
    for (const { bytes } of answers) expect(bytes.equals(answers[0]?.bytes ?? Buffer.alloc(0))).toBe(true)
  })

  it('answers HEAD with headers only, and accepts a vanity file name', async () => {
    const head = await fetch(urlOf(split).width(64).url(), { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0)
    expect((await head.arrayBuffer()).byteLength).toBe(0)
    const vanity = await get(urlOf(split).vanityName('red-and-blue.png').width(64).url())
    expect(vanity.image).toMatchObject({ width: 64 })
  })

  it('offers a download with dl', async () => {
    const named = await get(`${urlOf(split).url()}?dl=colours.png`)
    expect(named.header('content-disposition')).toBe(
      `attachment; filename="colours.png"; filename*=UTF-8''colours.png`,
    )
  })

  it.each([
    ['w=abc', 'non-numeric width'],
    ['w=-5', 'negative width'],
    ['w=0', 'zero width'],
    ['w=9000', 'width over 8192'],
    ['w=5000&dpr=2', 'width times dpr over 8192'],
    ['h=1e3', 'exponent notation'],
    ['fit=squash', 'unknown fit'],
    ['fm=bmp', 'unknown format'],
    ['crop=middle', 'unknown crop'],
    ['rect=1,2,3', 'rect with three numbers'],
    ['rect=500,0,10,10', 'rect outside the image'],
    ['crop=focalpoint&fp-x=2', 'focal point outside 0..1'],
    ['fp-y=-0.5', 'negative focal point, even unused'],
    ['q=101', 'quality over 100'],
    ['bg=zzz', 'bad colour'],
    ['or=45', 'orientation not a right angle'],
    ['flip=x', 'unknown flip'],
    ['blur=3000', 'blur over 2000'],
    ['dpr=0', 'zero dpr'],
  ])('rejects %s (%s) with a Sanity-shaped 400', async (query) => {
    const response = await fetch(`${urlOf(split).url()}?${query}`)
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { description: string; type: string } }
    expect(body.error.type).toBe('validationError')
    expect(body.error.description).toMatch(/image parameter/i)
  })

  it('ignores parameters it does not know', async () => {
    expect((await get(`${urlOf(split).url()}?w=40&cachebust=1&pad=3`)).image).toMatchObject({ width: 40 })
  })
})

/** A GET with the path sent exactly as written: fetch would normalise `..` away. */
function rawGet(path: string): Promise<number> {
  const { hostname, port } = new URL(target.url)
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    outgoing.on('error', reject)
    outgoing.end()
  })
}

describe('image lookups that must not find anything', () => {
  it('404s for unknown images, names that are no project id, other datasets, and wrong sizes', async () => {
    const name = split.path.split('/').pop() ?? ''
    const unknown = `${'0'.repeat(40)}-400x200.png`
    expect(await rawGet(`/images/local/production/${unknown}`)).toBe(404)
    expect(await rawGet(`/images/local/production/${unknown}?w=abc`)).toBe(404)
    // Every project id reads the lake's datasets (exec/sanityHosts.test.ts); what cannot be one is refused.
    expect(await rawGet(`/images/Not_A_Project/production/${name}`)).toBe(404)
    expect(await rawGet(`/images/local/elsewhere/${name}`)).toBe(404)
    expect(await rawGet(`/images/local/production/${name.replace('400x200', '401x200')}`)).toBe(404)
    const response = await fetch(`${target.url}/images/local/production/${unknown}`)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('notFoundError')
  })

  it.each([
    '/images/local/production/..%2F..%2Flake.config.json',
    '/images/local/production/%2e%2e%2f%2e%2e%2fdatasets%2fproduction.sqlite',
    '/images/local/..%2Fproduction/x-1x1.png',
    '/images/local/production/../../datasets/production.sqlite',
    '/images/local/%2e%2e/production/images',
    '/files/local/production/..%2F..%2Fdatasets%2Fproduction.sqlite',
    '/files/local/..%2F..%2F/production.sqlite',
  ])('refuses the traversal attempt %s', async (path) => {
    expect(await rawGet(path)).toBe(404)
  })
})
