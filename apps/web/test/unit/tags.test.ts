import { describe, expect, it } from 'vitest'
import { invalidationFor, isContentChange } from '@/lib/revalidation/tags'

describe('invalidationFor', () => {
  it('expires a story and the lists it is in, and re-renders its pages, the lists and its people', () => {
    const story = { slideCount: 2, people: ['kim'] }
    expect(
      invalidationFor({ _id: 'a1', _type: 'article', slug: 'baldwin', operation: 'update' }, { story }),
    ).toEqual({
      tags: ['story:baldwin', 'stories'],
      paths: [
        '/',
        '/feed.xml',
        '/sitemap.xml',
        '/stories/baldwin',
        '/stories/baldwin/1',
        '/stories/baldwin/2',
        '/people/kim',
      ],
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
    expect(
      invalidationFor(
        { _id: 'p1', _type: 'person', slug: 'kim' },
        { storiesShowingPerson: ['baldwin', 'other'] },
      ),
    ).toEqual({
      tags: ['person:kim', 'people', 'story:baldwin', 'story:other'],
      paths: ['/sitemap.xml', '/people/kim', '/stories/baldwin', '/stories/other'],
    })
  })

  it('still refreshes the lists when a deleted story had no slug', () => {
    expect(invalidationFor({ _id: 'a1', _type: 'article', slug: null, operation: 'delete' })).toEqual({
      tags: ['stories'],
      paths: ['/', '/feed.xml', '/sitemap.xml'],
    })
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
