import { describe, expect, it } from 'vitest'
import { oneAtATime } from '@/lib/revalidation/oneAtATime'

describe('oneAtATime', () => {
  it('lets the next holder in only when the one before lets go, in arrival order', async () => {
    const turn = oneAtATime(10_000)
    const order: string[] = []
    const first = await turn()
    const second = turn().then((release) => {
      order.push('second in')
      return release
    })
    const third = turn().then((release) => {
      order.push('third in')
      release()
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(order).toEqual([])
    first()
    ;(await second)()
    await third
    expect(order).toEqual(['second in', 'third in'])
  })

  it('holds the next one back no longer than maxWaitMs when a holder never lets go', async () => {
    const turn = oneAtATime(100)
    await turn()
    const started = performance.now()
    await turn()
    expect(performance.now() - started).toBeGreaterThanOrEqual(90)
  })
})
