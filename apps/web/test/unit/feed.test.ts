import type { FEED_QUERY_RESULT } from '@slideshow/sanity/types'
import { describe, expect, it } from 'vitest'
import { rssFeed } from '@/lib/feed'

function block(key: string, text: string, href?: string) {
  return {
    _type: 'block' as const,
    _key: key,
    style: 'normal' as const,
    markDefs: href ? [{ _type: 'link' as const, _key: 'l', href }] : [],
    children: [{ _type: 'span' as const, _key: `${key}s`, text, marks: href ? ['l'] : [] }],
  }
}

const story: FEED_QUERY_RESULT[number] = {
  _id: 'a1',
  title: 'Fish & <Chips>',
  slug: 'fish',
  publishedAt: '2020-09-15T12:00:00Z',
  _updatedAt: '2020-09-16T12:00:00Z',
  dek: [block('d', 'Intro with ]]> inside')],
  seoDescription: null,
  heroImage: null,
  people: [{ name: 'Alec Baldwin' }],
  slides: [
    {
      _key: 's1',
      heading: '<script>alert(1)</script>',
      body: [
        block('b1', 'Safe link', 'https://example.com/x'),
        block('b2', 'Bad link', 'javascript:alert(1)'),
      ],
      credit: 'Photo / Agency',
      image: null,
    },
  ],
}

describe('rssFeed', () => {
  const xml = rssFeed([story])

  it('is RSS 2.0 with one item per story and the full content', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/)
    expect(xml).toContain('<title>Fish &amp; &lt;Chips&gt;</title>')
    expect(xml).toContain('<link>http://localhost:3000/stories/fish</link>')
    expect(xml).toContain('<pubDate>Tue, 15 Sep 2020 12:00:00 GMT</pubDate>')
    expect(xml).toContain('<category>Alec Baldwin</category>')
    expect(xml).toContain('<content:encoded><![CDATA[')
  })

  it('escapes content, keeps safe links and drops script links', () => {
    expect(xml).not.toContain('<script>')
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(xml).toContain('<a href="https://example.com/x" rel="noopener noreferrer">Safe link</a>')
    expect(xml).not.toContain('javascript:')
    expect(xml).toContain('<p>Bad link</p>')
  })

  it('cannot be broken out of its CDATA section', () => {
    // The only `]]>` is the one that closes the section: content cannot end it early.
    expect(xml.match(/]]>/g)).toHaveLength(1)
    expect(xml).toContain('Intro with ]]&gt; inside')
  })
})
