import { describe, expect, it } from 'vitest'
import { sameOriginPath } from '@/lib/redirectTarget'

const ORIGIN = 'http://localhost:3000'

/** Each value as `URLSearchParams.get` hands it over: percent-escapes already decoded. */
function fromQuery(raw: string): string | null {
  return new URLSearchParams(`redirect=${raw}`).get('redirect')
}

describe('sameOriginPath', () => {
  it.each([
    ['/stories/x?y#z', '/stories/x?y#z'],
    ['/stories/a/3', '/stories/a/3'],
    ['/', '/'],
    ['/people/alec%20baldwin', '/people/alec%20baldwin'],
    ['/stories/caf\u00e9', '/stories/caf%C3%A9'],
    ['/stories/a/../b', '/stories/b'],
    ['stories/relative', '/stories/relative'],
    ['?page=2', '/?page=2'],
    [`${ORIGIN}/stories/x`, '/stories/x'],
  ])('keeps %j on the site as %j', (value, expected) => {
    expect(sameOriginPath(value, ORIGIN)).toBe(expected)
  })

  it.each([
    '//evil.example',
    '//evil.example/',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/.//evil.example',
    '/%2e//evil.example',
    'https://evil.example',
    'http://localhost:3001/',
    'https://localhost:3000/',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'mailto:editor@example.com',
    'http://[',
    '',
  ])('sends %j home', (value) => {
    expect(sameOriginPath(value, ORIGIN)).toBe('/')
  })

  it.each([
    '/%09/evil.example',
    '/%0d',
    '%0d',
    '/stories/x%0d%0aSet-Cookie:%20a=b',
    '/%0a/evil.example',
    '/%00',
    '/%7f',
    'java%09script:alert(1)',
    '/%5Cevil.example',
  ])('sends %j (decoded from the query string) home', (raw) => {
    expect(sameOriginPath(fromQuery(raw), ORIGIN)).toBe('/')
  })

  it('sends a missing value home', () => {
    expect(sameOriginPath(null, ORIGIN)).toBe('/')
    expect(sameOriginPath(undefined, ORIGIN)).toBe('/')
  })
})
