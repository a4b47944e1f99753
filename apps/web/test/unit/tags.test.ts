import { describe, expect, it } from 'vitest'
import { invalidationFor, isContentChange } from '@/lib/revalidation/tags'

describe('invalidationFor', () => {
  it('expires a story, the lists it appears in, and warms its page and the home page', () => {
    expect(invalidationFor({ _id: 'a1', _type: 'article', slug: 'baldwin', operation: 'update' })).toEqual({
      tags: ['story:baldwin', 'stories'],
      paths: ['/', '/stories/baldwin'],
    })
  })

  it('also expires the old address of a renamed story when the webhook says what it was', () => {
    expect(invalidationFor({ _id: 'a1', _type: 'article', slug: 'new', previousSlug: 'old' }).tags).toEqual([
      'story:new',
      'story:old',
      'stories',
    ])
  })

  it('expires a person and every story that shows them', () => {
    expect(invalidationFor({ _id: 'p1', _type: 'person', slug: 'kim' }, ['baldwin', 'other'])).toEqual({
      tags: ['person:kim', 'people', 'story:baldwin', 'story:other'],
      paths: ['/people/kim', '/stories/baldwin', '/stories/other'],
    })
  })

  it('still refreshes the lists when a deleted story had no slug', () => {
    expect(invalidationFor({ _id: 'a1', _type: 'article', slug: null, operation: 'delete' }).tags).toEqual([
      'stories',
    ])
  })

  it('ignores other document types', () => {
    expect(invalidationFor({ _id: 'image-1', _type: 'sanity.imageAsset' })).toEqual({ tags: [], paths: [] })
  })
})

describe('isContentChange', () => {
  it('accepts the webhook projection and rejects anything without _id and _type', () => {
    expect(isContentChange({ _id: 'a', _type: 'article', slug: 's', operation: 'create' })).toBe(true)
    expect(isContentChange({ _id: 'a' })).toBe(false)
    expect(isContentChange(null)).toBe(false)
    expect(isContentChange('article')).toBe(false)
  })
})
