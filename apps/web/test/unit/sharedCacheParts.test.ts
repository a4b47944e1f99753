import { describe, expect, it } from 'vitest'
import { pathTags } from '@/lib/cache/pathTags'
import { RenderStarts } from '@/lib/cache/renderStarts'

describe('pathTags', () => {
  it("names a page's path as Next's revalidatePath does, the home page under both of its names", () => {
    expect(pathTags('/stories/baldwin/3')).toEqual(['_N_T_/stories/baldwin/3'])
    expect(pathTags('/stories/baldwin/')).toEqual(['_N_T_/stories/baldwin'])
    expect(pathTags('/')).toEqual(['_N_T_/', '_N_T_/index'])
    expect(pathTags('/people/zoë')).toEqual(['_N_T_/people/zo%C3%AB'])
  })
})

describe('RenderStarts', () => {
  it('gives a write the epoch its render began at, the earliest while renders of one key overlap', () => {
    const starts = new RenderStarts()
    starts.begin('page', 4)
    starts.begin('page', 7)
    expect(starts.end('page')).toBe(4)
    expect(starts.end('page')).toBe(4)
    // Nothing in flight: older than any expiry.
    expect(starts.end('page')).toBe(0)
  })

  it('forgets a render that never wrote, so it cannot age the next one', () => {
    let now = 0
    const starts = new RenderStarts(1000, () => now)
    starts.begin('page', 2)
    now = 5000
    starts.begin('page', 9)
    expect(starts.end('page')).toBe(9)
  })
})
