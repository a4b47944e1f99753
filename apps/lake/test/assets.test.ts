import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@sanity/client'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { startLake } from '../src/server.ts'
import { API_VERSION, startTarget, type Target } from './harness.ts'
import { splitImage } from './imagesFixtures.ts'

let target: Target
beforeAll(async () => {
  target = await startTarget()
})
afterAll(() => target.close())

const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex')
const solid = (background: string, format: 'png' | 'jpeg' = 'png', width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background } })
    .toFormat(format)
    .toBuffer()

async function imageAssetCount(): Promise<number> {
  return target.client().fetch<number>('count(*[_type == "sanity.imageAsset"])')
}

describe('POST /assets/images', () => {
  it('stores an image and answers with a complete sanity.imageAsset document', async () => {
    const bytes = await splitImage(300, 150)
    const asset = await target.client().assets.upload('image', bytes, { filename: 'split.png' })
    const hash = sha1(bytes)
    expect(asset).toMatchObject({
      _id: `image-${hash}-300x150-png`,
      _type: 'sanity.imageAsset',
      assetId: hash,
      sha1hash: hash,
      extension: 'png',
      mimeType: 'image/png',
      size: bytes.length,
      originalFilename: 'split.png',
      path: `images/${target.projectId}/${target.dataset}/${hash}-300x150.png`,
      metadata: {
        _type: 'sanity.imageMetadata',
        dimensions: { _type: 'sanity.imageDimensions', width: 300, height: 150, aspectRatio: 2 },
        hasAlpha: false,
        isOpaque: true,
      },
    })
    expect(asset.url).toMatch(new RegExp(`/${asset.path}$`))
    expect(asset._rev).toBeTruthy()
    expect(asset.metadata.lqip).toMatch(/^data:image\/jpeg;base64,/)
    const lqip = Buffer.from(String(asset.metadata.lqip).split(',')[1] ?? '', 'base64')
    expect(await sharp(lqip).metadata()).toMatchObject({ width: 20, height: 10 })
    const { dominant, vibrant } = asset.metadata.palette ?? {}
    // Pure red or blue, give or take the blend where the halves meet.
    expect(dominant?.background).toMatch(/^#(?:ff00[01][0-9a-f]|[01][0-9a-f]00ff)$/)
    expect(dominant).toMatchObject({ _type: 'sanity.imagePaletteSwatch', foreground: '#fff', title: '#fff' })
    expect(vibrant?.population).toBeGreaterThan(0)
    expect(await target.client().getDocument(asset._id)).toMatchObject({ _id: asset._id, size: bytes.length })
    const local = target.local
    if (local) {
      expect(existsSync(join(local.lake.assetsDir, target.dataset, 'images', `${hash}-300x150.png`))).toBe(
        true,
      )
    }
  })

  it('answers the same bytes with the same asset and commits nothing', async () => {
    const bytes = await solid('#336699')
    const first = await target.client().assets.upload('image', bytes, { filename: 'one.png' })
    const sequence = target.local?.lake.dataset(target.dataset).storage.lastSeq()
    const second = await target
      .client()
      .assets.upload('image', bytes, { filename: 'two.png', title: 'Other' })
    expect(second._id).toBe(first._id)
    expect(second._rev).toBe(first._rev)
    expect(second.originalFilename).toBe('one.png')
    expect(second).not.toHaveProperty('title')
    if (sequence !== undefined) {
      expect(target.local?.lake.dataset(target.dataset).storage.lastSeq()).toBe(sequence)
    }
    expect(first.metadata.palette?.dominant?.background).toBe('#336699')
  })

  it('keeps the descriptive fields the client sends', async () => {
    const asset = await target.client().assets.upload('image', await solid('#102030'), {
      filename: 'described.png',
      title: 'A title',
      description: 'A description',
      label: 'a-label',
      creditLine: 'Photo: someone',
      source: { name: 'archive', id: 'item-7', url: 'https://example.org/item-7' },
    })
    expect(asset).toMatchObject({
      originalFilename: 'described.png',
      title: 'A title',
      description: 'A description',
      label: 'a-label',
      creditLine: 'Photo: someone',
      source: { name: 'archive', id: 'item-7', url: 'https://example.org/item-7' },
    })
  })

  it('extracts only the metadata asked for with meta', async () => {
    const paletteOnly = await target
      .client()
      .assets.upload('image', await solid('#400000'), { extract: ['palette'] })
    expect(paletteOnly.metadata).not.toHaveProperty('lqip')
    expect(paletteOnly.metadata.palette).toBeDefined()
    const nothing = await target.client().assets.upload('image', await solid('#004000'), { extract: [] })
    expect(nothing.metadata).not.toHaveProperty('lqip')
    expect(nothing.metadata).not.toHaveProperty('palette')
    expect(nothing.metadata.dimensions).toMatchObject({ width: 64, height: 48 })
  })

  it('reports transparency: hasAlpha for an alpha channel, isOpaque only when nothing is see-through', async () => {
    const translucent = await sharp({
      create: { width: 20, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } },
    })
      .png()
      .toBuffer()
    const seeThrough = await target.client().assets.upload('image', translucent)
    expect(seeThrough.metadata).toMatchObject({ hasAlpha: true, isOpaque: false })
    const opaqueAlpha = await sharp({
      create: { width: 20, height: 20, channels: 4, background: { r: 9, g: 9, b: 9, alpha: 1 } },
    })
      .png()
      .toBuffer()
    expect((await target.client().assets.upload('image', opaqueAlpha)).metadata).toMatchObject({
      hasAlpha: true,
      isOpaque: true,
    })
  })

  it('names an EXIF-rotated photo by its displayed size and serves it upright', async () => {
    const sideways = await sharp(await splitImage(300, 100, 'jpeg'))
      .withMetadata({ orientation: 6 })
      .toBuffer()
    expect((await sharp(sideways).metadata()).orientation).toBe(6)
    const asset = await target.client().assets.upload('image', sideways)
    expect(asset._id).toMatch(/-100x300-jpg$/)
    const response = await fetch(`${target.url}/${asset.path}?w=50`)
    expect(await sharp(Buffer.from(await response.arrayBuffer())).metadata()).toMatchObject({
      width: 50,
      height: 150,
    })
  })

  it.each([
    ['text that is not an image', async () => Buffer.from('just some text, not pixels'), 'notes.png'],
    [
      'a file that claims to be PNG but is not',
      async () => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('not really a png')]),
      'fake.png',
    ],
    [
      'a truncated JPEG',
      async () => {
        const whole = await sharp({
          create: {
            width: 200,
            height: 200,
            channels: 3,
            background: '#000',
            noise: { type: 'gaussian', mean: 128, sigma: 40 },
          },
        })
          .jpeg()
          .toBuffer()
        return whole.subarray(0, Math.floor(whole.length * 0.6))
      },
      'cut.jpg',
    ],
    [
      'a truncated PNG',
      async () => {
        const whole = await splitImage(200, 200)
        return whole.subarray(0, Math.floor(whole.length * 0.6))
      },
      'cut.png',
    ],
  ])('refuses %s with a 400 and stores nothing', async (_name, bytes, filename) => {
    const before = await imageAssetCount()
    const upload = target
      .client()
      .assets.upload('image', await bytes(), { filename, contentType: 'image/png' })
    await expect(upload).rejects.toMatchObject({
      statusCode: 400,
      response: { body: { error: { type: 'invalidImageError' } } },
    })
    expect(await imageAssetCount()).toBe(before)
  })

  it('refuses an empty upload', async () => {
    await expect(target.client().assets.upload('image', Buffer.alloc(0))).rejects.toMatchObject({
      statusCode: 400,
    })
  })

  it('asks anonymous callers to log in and refuses viewers', async () => {
    const bytes = await solid('#555555')
    for (const type of ['image', 'file'] as const) {
      await expect(target.client({ anonymous: true }).assets.upload(type, bytes)).rejects.toMatchObject({
        statusCode: 401,
      })
      if (target.viewerToken) {
        await expect(
          target.client({ token: target.viewerToken }).assets.upload(type, bytes),
        ).rejects.toMatchObject({ statusCode: 403 })
      }
    }
  })
})

describe('POST /assets/files and file delivery', () => {
  it('stores a file and serves it back byte for byte', async () => {
    const bytes = Buffer.from(`notes ${Date.now()}\n`)
    const asset = await target
      .client()
      .assets.upload('file', bytes, { filename: 'Notes.TXT', contentType: 'text/plain', title: 'Notes' })
    const hash = sha1(bytes)
    expect(asset).toMatchObject({
      _id: `file-${hash}-txt`,
      _type: 'sanity.fileAsset',
      extension: 'txt',
      mimeType: 'text/plain',
      size: bytes.length,
      sha1hash: hash,
      originalFilename: 'Notes.TXT',
      title: 'Notes',
      path: `files/${target.projectId}/${target.dataset}/${hash}.txt`,
    })
    const response = await fetch(`${target.url}/${asset.path}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true)
    const etag = response.headers.get('etag') ?? ''
    expect((await fetch(`${target.url}/${asset.path}`, { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    )
    const download = await fetch(`${target.url}/${asset.path}?dl=`)
    expect(download.headers.get('content-disposition')).toContain(`filename="${hash}.txt"`)

    const again = await target.client().assets.upload('file', bytes, { filename: 'other.txt' })
    expect(again).toMatchObject({ _id: asset._id, _rev: asset._rev })
  })

  it('names a file without a name or type .bin and sandboxes active content', async () => {
    const anonymousBytes = Buffer.from([0, 1, 2, 3, Date.now() % 256])
    const unnamed = await target.client().assets.upload('file', anonymousBytes)
    expect(unnamed).toMatchObject({ extension: 'bin', mimeType: 'application/octet-stream' })
    const page = await target
      .client()
      .assets.upload('file', Buffer.from('<script>alert(1)</script>'), { filename: 'page.html' })
    expect(page.mimeType).toBe('text/html')
    const response = await fetch(`${target.url}/${page.path}`)
    expect(response.headers.get('content-security-policy')).toBe('sandbox')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('404s for files that are not there', async () => {
    const response = await fetch(`${target.url}/files/local/production/${'a'.repeat(40)}.txt`)
    expect(response.status).toBe(404)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('notFoundError')
  })
})

describe.skipIf(process.env.LAKE_TARGET_URL)('upload size limit', () => {
  it('refuses an upload over maxAssetBytes with a 413 and keeps serving', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lake-assets-limit-'))
    const lake = await startLake(
      loadConfig(
        {},
        {
          dataDir,
          port: 0,
          tlsPort: 0,
          devIdentity: false,
          tokens: [{ token: 'assets-test-limit-admin-token-0123456789', role: 'administrator' }],
          seed: false,
          maxAssetBytes: 4096,
        },
      ),
      () => {},
    )
    try {
      const client = createClient({
        projectId: 'local',
        dataset: 'production',
        apiVersion: API_VERSION,
        apiHost: lake.httpUrl,
        useProjectHostname: false,
        useCdn: false,
        token: 'assets-test-limit-admin-token-0123456789',
      })
      const big = await sharp({
        create: {
          width: 200,
          height: 200,
          channels: 3,
          background: '#000',
          noise: { type: 'gaussian', mean: 128, sigma: 60 },
        },
      })
        .png()
        .toBuffer()
      expect(big.length).toBeGreaterThan(4096)
      for (const type of ['image', 'file'] as const) {
        await expect(client.assets.upload(type, big)).rejects.toMatchObject({
          statusCode: 413,
          response: { body: { error: { type: 'requestEntityTooLargeError' } } },
        })
      }
      const small = await client.assets.upload('image', await solid('#abcdef', 'png', 8, 8))
      expect(small.size).toBeLessThan(4096)
      expect(readdirSync(join(dataDir, 'assets', 'production', 'images'))).toHaveLength(1)
    } finally {
      await lake.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
