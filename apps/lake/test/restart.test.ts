import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LakeProcess, processClient } from './reliability/lakeProcess.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'lake-restart-'))
const TOKEN = 'restart-test-editor-token-0123456789'
// Seeding on: the restarted lake must neither lose the story nor seed it twice.
const lake = new LakeProcess({
  LAKE_DATA_DIR: dataDir,
  LAKE_TOKENS: `${TOKEN}:editor`,
  LAKE_DEV_IDENTITY: '0',
})

afterAll(async () => {
  await lake.kill()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('restart', () => {
  it('keeps every acknowledged write across a SIGKILL and restart', async () => {
    const first = processClient(await lake.start(), TOKEN)
    const acknowledged: string[] = []
    for (let index = 0; index < 20; index++) {
      const id = `restart-${index}`
      await first.create({ _id: id, _type: 'thing', index })
      acknowledged.push(id)
    }
    await first.patch('restart-0').set({ patched: true }).commit()
    await lake.kill('SIGKILL')

    const second = processClient(await lake.start(), TOKEN)
    const ids = await second.fetch<string[]>('*[_type == "thing"] | order(index asc)._id')
    expect(ids).toEqual(acknowledged)
    expect(await second.getDocument('restart-0')).toMatchObject({ patched: true })
    expect(await second.fetch('count(*[_type == "article"])')).toBe(1)
  })
})
