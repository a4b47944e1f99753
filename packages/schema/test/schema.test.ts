import type { ArraySchemaType, ObjectSchemaType, SchemaType } from 'sanity'
import { describe, expect, it } from 'vitest'
import {
  article,
  MISSING_ALT_LABEL,
  NO_CREDIT_LABEL,
  rolesLabel,
  schemaTypes,
  slidePreview,
} from '../src/index.ts'
import { compile, imageAsset, problemsOf } from './support.ts'

const schema = compile()

function typeOf(name: string): ObjectSchemaType {
  const type = schema.get(name)
  if (!type) throw new Error(`schema has no type ${name}`)
  return type as ObjectSchemaType
}

function fieldOf(typeName: string, fieldName: string): SchemaType {
  const field = typeOf(typeName).fields.find((f) => f.name === fieldName)
  if (!field) throw new Error(`${typeName} has no field ${fieldName}`)
  return field.type
}

describe('schema compilation', () => {
  it('has no problems (errors or warnings)', () => {
    expect(problemsOf(schemaTypes)).toEqual([])
  })

  it('reports problems for a broken type, so the check above can fail', () => {
    const broken = { ...article, fields: [...article.fields, { name: 'oops', type: 'noSuchType' }] }
    const problems = problemsOf([broken, ...schemaTypes.filter((t) => t.name !== 'article')])
    expect(problems.some((p) => p.severity === 'error')).toBe(true)
  })
})

describe('article', () => {
  it('is a document whose slides are an array of slide objects', () => {
    expect(typeOf('article').type?.name).toBe('document')
    const slides = fieldOf('article', 'slides') as ArraySchemaType
    expect(slides.jsonType).toBe('array')
    expect(slides.of.map((member) => member.name)).toEqual(['slide'])
  })

  it('keeps slide an object type, not a document', () => {
    expect(typeOf('slide').jsonType).toBe('object')
    expect(typeOf('slide').type?.name).toBe('object')
  })

  it('puts SEO fields in the seo group and content first by default', () => {
    const type = typeOf('article')
    expect(type.groups?.find((g) => g.default)?.name).toBe('content')
    const groupOf = (name: string) => type.fields.find((f) => f.name === name)?.group
    expect(groupOf('seoDescription')).toBe('seo')
    expect(groupOf('socialImage')).toBe('seo')
    expect(groupOf('people')).toBe('people')
  })

  it('links people by reference to person', () => {
    const people = fieldOf('article', 'people') as ArraySchemaType
    const target = people.of[0] as SchemaType & { to?: SchemaType[] }
    expect(target.jsonType).toBe('object')
    expect(target.to?.map((t) => t.name)).toEqual(['person'])
  })

  it('previews the slide count, and falls back to the first slide image without a hero', () => {
    const prepare = article.preview?.prepare
    if (!prepare) throw new Error('article has no preview.prepare')
    const firstSlide = { _type: 'image', asset: { ...imageAsset, _ref: 'image-slide-800x600-jpg' } }
    const slides = Array.from({ length: 43 }, (_, i) => ({ _key: `s${i}`, image: firstSlide }))
    const hero = { _type: 'image', asset: imageAsset }
    expect(prepare({ title: 'Baldwin', slides, hero })).toEqual({
      title: 'Baldwin',
      subtitle: '43 slides',
      media: hero,
    })
    const draft = prepare({ title: undefined, slides: slides.slice(0, 1), hero: undefined })
    expect(draft).toEqual({ title: 'Untitled story', subtitle: '1 slide', media: firstSlide })
    expect(prepare({ title: 'Empty', slides: undefined, hero: undefined }).subtitle).toBe('No slides')
  })

  it('starts a new story with one empty slide', async () => {
    const initial = typeof article.initialValue === 'function' ? await article.initialValue() : null
    expect(initial).toEqual({ slides: [{ _type: 'slide' }] })
  })
})

describe('slide preview', () => {
  it('shows the heading, the image and the credit', () => {
    const media = { _type: 'image', asset: imageAsset, alt: 'Alec Baldwin' }
    expect(
      slidePreview({
        heading: 'First Kiss',
        credit: 'Noam Galai / WireImage',
        asset: imageAsset,
        alt: 'x',
        media,
      }),
    ).toEqual({
      title: 'First Kiss',
      subtitle: 'Noam Galai / WireImage',
      media,
    })
  })

  it('says when the credit or the alt text is missing', () => {
    expect(slidePreview({ heading: 'High Hopes', asset: imageAsset, alt: 'Alec and Kim' }).subtitle).toBe(
      NO_CREDIT_LABEL,
    )
    expect(slidePreview({ heading: 'New', credit: 'AP', asset: imageAsset, alt: ' ' }).subtitle).toBe(
      `${MISSING_ALT_LABEL} · AP`,
    )
    expect(slidePreview({}).title).toBe('Untitled slide')
  })
})

describe('person preview', () => {
  it('lists roles by their titles', () => {
    expect(rolesLabel(['tv host', 'fitness instructor'])).toBe('TV host, Fitness instructor')
    expect(rolesLabel([])).toBeUndefined()
  })
})

describe('portable text', () => {
  it('allows only normal paragraphs with strong, em and links', () => {
    const dek = fieldOf('article', 'dek') as ArraySchemaType
    const block = dek.of[0] as SchemaType & { fields: { name: string; type: SchemaType }[] }
    expect(block.name).toBe('block')
    const styles = block.fields.find((f) => f.name === 'style')?.type.options?.list
    expect(styles?.map((s: { value: string }) => s.value)).toEqual(['normal'])
    const marks = block.fields.find((f) => f.name === 'markDefs')?.type as ArraySchemaType
    expect(marks.of.map((m) => m.name)).toEqual(['link'])
  })
})
