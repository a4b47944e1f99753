import { describe, expect, it } from 'vitest'
import {
  ALT_TEXT_REQUIRED_MESSAGE,
  checkAltText,
  NAME_REQUIRED_MESSAGE,
  PERSON_SLUG_REQUIRED_MESSAGE,
  SLIDE_HEADING_REQUIRED_MESSAGE,
  SLIDES_REQUIRED_MESSAGE,
  SLUG_REQUIRED_MESSAGE,
  TITLE_REQUIRED_MESSAGE,
} from '../src/index.ts'
import { documentOf, imageAsset, validate } from './support.ts'

function slide(fields: Record<string, unknown> = {}) {
  return { _key: 'slide1', _type: 'slide', heading: 'Love By Chance', ...fields }
}

function story(fields: Record<string, unknown> = {}) {
  return documentOf('article', {
    title: 'Alec Baldwin Shares Dramatic News',
    slug: { _type: 'slug', current: 'alec-baldwin-shares-dramatic-news' },
    slides: [slide()],
    ...fields,
  })
}

const errorsOf = async (...args: Parameters<typeof validate>) =>
  (await validate(...args)).filter((marker) => marker.level === 'error')

describe('checkAltText', () => {
  it('fails an image that has an asset but no alt text', () => {
    expect(checkAltText(undefined, { asset: imageAsset })).toBe(ALT_TEXT_REQUIRED_MESSAGE)
    expect(checkAltText('   ', { asset: imageAsset })).toBe(ALT_TEXT_REQUIRED_MESSAGE)
  })

  it('passes with alt text, or when no asset is set', () => {
    expect(checkAltText('Alec and Hilaria Baldwin', { asset: imageAsset })).toBe(true)
    expect(checkAltText(undefined, { _type: 'image' })).toBe(true)
    expect(checkAltText(undefined, undefined)).toBe(true)
  })
})

describe('article validation', () => {
  it('accepts a minimal story with one slide and no credit', async () => {
    expect(await errorsOf(story())).toEqual([])
  })

  it('requires title, slug and at least one slide, in words an editor understands', async () => {
    const missing = await errorsOf(documentOf('article', {}))
    // Sanity reports a missing slug at both `slug` and `slug.current`, so compare top-level fields.
    expect(new Set(missing.map((m) => m.path[0]))).toEqual(new Set(['slides', 'slug', 'title']))
    const messageAt = (field: string) => missing.find((m) => m.path[0] === field)?.message
    expect(messageAt('title')).toBe(TITLE_REQUIRED_MESSAGE)
    expect(messageAt('slug')).toBe(SLUG_REQUIRED_MESSAGE)
    expect(messageAt('slides')).toBe(SLIDES_REQUIRED_MESSAGE)
    const empty = await errorsOf(story({ slides: [] }))
    expect(empty.map((m) => [m.path, m.message])).toEqual([[['slides'], SLIDES_REQUIRED_MESSAGE]])
  })

  it('requires a heading on every slide', async () => {
    const markers = await errorsOf(story({ slides: [slide({ heading: undefined })] }))
    expect(markers.map((m) => [m.path, m.message])).toEqual([
      [['slides', { _key: 'slide1' }, 'heading'], SLIDE_HEADING_REQUIRED_MESSAGE],
    ])
  })

  it('flags a slug already used by another story', async () => {
    const markers = await errorsOf(story(), { takenSlugs: new Set(['alec-baldwin-shares-dramatic-news']) })
    expect(markers.map((m) => m.path)).toEqual([['slug']])
  })

  it('requires alt text on a slide image with an asset, at the alt field', async () => {
    const markers = await errorsOf(
      story({ slides: [slide({ image: { _type: 'image', asset: imageAsset } })] }),
    )
    expect(markers).toEqual([
      expect.objectContaining({
        message: ALT_TEXT_REQUIRED_MESSAGE,
        path: ['slides', { _key: 'slide1' }, 'image', 'alt'],
      }),
    ])
  })

  it('accepts a slide image with alt text, and an image without an asset', async () => {
    const withAlt = slide({ image: { _type: 'image', asset: imageAsset, alt: 'Alec Baldwin on stage' } })
    const noAsset = { ...slide({ image: { _type: 'image' } }), _key: 'slide2' }
    expect(await errorsOf(story({ slides: [withAlt, noAsset] }))).toEqual([])
  })

  it('requires alt text on the hero image too', async () => {
    const markers = await errorsOf(story({ heroImage: { _type: 'image', asset: imageAsset } }))
    expect(markers.map((m) => m.path)).toEqual([['heroImage', 'alt']])
  })

  it('rejects javascript: links in portable text', async () => {
    const dek = [
      {
        _key: 'b1',
        _type: 'block',
        style: 'normal',
        markDefs: [{ _key: 'l1', _type: 'link', href: 'javascript:alert(1)' }],
        children: [{ _key: 'c1', _type: 'span', text: 'click', marks: ['l1'] }],
      },
    ]
    const markers = await errorsOf(story({ dek }))
    expect(markers.map((m) => m.path)).toEqual([['dek', { _key: 'b1' }, 'markDefs', { _key: 'l1' }, 'href']])
  })

  it('warns (does not block) when the SEO description is too long', async () => {
    const markers = await validate(story({ seoDescription: 'x'.repeat(161) }))
    expect(markers.map((m) => [m.level, m.path])).toEqual([['warning', ['seoDescription']]])
  })
})

describe('person validation', () => {
  const person = (fields: Record<string, unknown> = {}) =>
    documentOf('person', {
      name: 'Hilaria Baldwin',
      slug: { _type: 'slug', current: 'hilaria-baldwin' },
      ...fields,
    })

  it('requires a name and a slug', async () => {
    const markers = await errorsOf(documentOf('person', {}))
    const messageAt = (field: string) => markers.find((m) => m.path[0] === field)?.message
    expect(messageAt('name')).toBe(NAME_REQUIRED_MESSAGE)
    expect(messageAt('slug')).toBe(PERSON_SLUG_REQUIRED_MESSAGE)
  })

  it('requires alt text on a portrait', async () => {
    const markers = await errorsOf(person({ portrait: { _type: 'image', asset: imageAsset } }))
    expect(markers.map((m) => [m.path, m.message])).toEqual([
      [['portrait', 'alt'], ALT_TEXT_REQUIRED_MESSAGE],
    ])
  })

  it('accepts known roles and rejects others', async () => {
    expect(await errorsOf(person({ roles: ['author', 'podcaster'] }))).toEqual([])
    const markers = await errorsOf(person({ roles: ['astronaut'] }))
    expect(markers.map((m) => m.path)).toEqual([['roles', 0]])
  })

  it('needs a handle or a URL on each social link', async () => {
    const socials = [{ _key: 'x1', _type: 'socialLink', platform: 'instagram' }]
    const markers = await errorsOf(person({ socials }))
    expect(markers.map((m) => m.path)).toEqual([['socials', { _key: 'x1' }]])
    const ok = [{ _key: 'x1', _type: 'socialLink', platform: 'instagram', handle: 'hilariabaldwin' }]
    expect(await errorsOf(person({ socials: ok }))).toEqual([])
  })
})
