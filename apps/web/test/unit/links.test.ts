import { describe, expect, it } from 'vitest'
import { isExternal, safeHref, socialHref } from '@/lib/links'

describe('safeHref', () => {
  it('keeps http, https and mailto links', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1')
    expect(safeHref('http://example.com')).toBe('http://example.com/')
    expect(safeHref('mailto:editor@example.com')).toBe('mailto:editor@example.com')
  })

  it('drops script and data URLs, however they are disguised', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
    ]) {
      expect(safeHref(href), href).toBeUndefined()
    }
  })

  it('drops relative links and anything that is not a string', () => {
    expect(safeHref('/people/alec-baldwin')).toBeUndefined()
    expect(safeHref('//evil.example')).toBeUndefined()
    expect(safeHref(undefined)).toBeUndefined()
    expect(safeHref({ href: 'https://example.com' })).toBeUndefined()
  })
})

describe('isExternal', () => {
  it('is true for another origin and false for the site itself and mailto', () => {
    expect(isExternal('https://example.com/', 'http://localhost:3000')).toBe(true)
    expect(isExternal('http://localhost:3000/stories/a', 'http://localhost:3000')).toBe(false)
    expect(isExternal('mailto:a@example.com', 'http://localhost:3000')).toBe(false)
  })
})

describe('socialHref', () => {
  it('prefers the given URL, else builds the profile URL from platform and handle', () => {
    expect(socialHref({ platform: 'website', handle: null, url: 'https://example.com' })).toBe(
      'https://example.com/',
    )
    expect(socialHref({ platform: 'instagram', handle: '@hilariabaldwin', url: null })).toBe(
      'https://www.instagram.com/hilariabaldwin/',
    )
    expect(socialHref({ platform: 'tiktok', handle: 'someone', url: null })).toBe(
      'https://www.tiktok.com/@someone',
    )
  })

  it('gives nothing for unsafe URLs, unknown platforms or odd handles', () => {
    expect(socialHref({ platform: 'x', handle: null, url: 'javascript:alert(1)' })).toBeUndefined()
    expect(socialHref({ platform: 'website', handle: 'someone', url: null })).toBeUndefined()
    expect(socialHref({ platform: 'x', handle: 'a/../b', url: null })).toBeUndefined()
  })
})
