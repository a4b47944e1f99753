import { describe, expect, it } from 'vitest'
import { EventLog } from '../src/events/eventLog.ts'

/*
 * The event log keeps the newest events in a ring: a listener resumes after any event still in
 * it, in commit order across the ring's wrap, and is told to reset for one that fell off.
 */

const ids = (events: Array<{ id: string }> | undefined) => events?.map((event) => event.id)

describe('event log', () => {
  it('offers the newest events in order, across its wrap, and forgets older ones', () => {
    const log = new EventLog<{ id: string }>((event) => event.id, 3)
    const heard: string[] = []
    log.subscribe((event) => heard.push(event.id))
    log.publish([{ id: 'e1' }])
    expect(ids(log.since('e1'))).toEqual([])
    log.publish([{ id: 'e2' }, { id: 'e3' }, { id: 'e4' }])
    expect(ids(log.since('e2'))).toEqual(['e3', 'e4'])
    expect(log.since('e1')).toBeUndefined()
    // More at once than it keeps: only the newest three remain.
    log.publish([{ id: 'e5' }, { id: 'e6' }, { id: 'e7' }, { id: 'e8' }])
    expect(ids(log.since('e6'))).toEqual(['e7', 'e8'])
    expect(ids(log.since('e8'))).toEqual([])
    expect(log.since('e5')).toBeUndefined()
    expect(log.since('never')).toBeUndefined()
    expect(heard).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'])
  })
})
