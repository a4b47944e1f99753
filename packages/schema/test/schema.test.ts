import type { ArraySchemaType, ObjectSchemaType, SchemaType } from 'sanity'
import { describe, expect, it } from 'vitest'
import { article, schemaTypes } from '../src/index.ts'
import { compile, problemsOf } from './support.ts'

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

  it('previews the slide count', () => {
    const prepare = article.preview?.prepare
    if (!prepare) throw new Error('article has no preview.prepare')
    const slides = Array.from({ length: 43 }, (_, i) => ({ _key: `s${i}` }))
    expect(prepare({ title: 'Baldwin', slides, media: undefined })).toMatchObject({
      title: 'Baldwin',
      subtitle: '43 slides',
    })
    expect(prepare({ title: 'Draft', slides: undefined, media: undefined }).subtitle).toBe('No slides')
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
