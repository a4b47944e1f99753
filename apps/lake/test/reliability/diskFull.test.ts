import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@sanity/client'
import { afterAll, describe, expect, it } from 'vitest'
import { LakeProcess } from './lakeProcess.ts'

const mountPoint = mkdtempSync(join(tmpdir(), 'lake-full-'))
const TOKEN = 'disk-full-test-editor-token-0123456789'

function tryMount(size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

// A real full disk needs a small filesystem: tmpfs, which only root may mount. CI runs as root.
const mounted = tryMount('3m')
const lake = new LakeProcess({
  LAKE_DATA_DIR: join(mountPoint, 'data'),
  LAKE_TOKENS: `${TOKEN}:editor`,
  LAKE_DEV_IDENTITY: '0',
})

afterAll(async () => {
  await lake.kill()
  if (mounted) execFileSync('umount', [mountPoint])
  rmSync(mountPoint, { recursive: true, force: true })
})

describe.skipIf(!mounted)(
  'disk full (promise: a full disk refuses writes clearly, keeps reads, recovers)',
  () => {
    it('answers 507 when the disk fills, keeps serving reads, and writes again once space returns', async () => {
      mkdirSync(join(mountPoint, 'data'), { recursive: true })
      const client = createClient({
        projectId: 'local',
        dataset: 'production',
        apiHost: await lake.start(),
        useProjectHostname: false,
        apiVersion: '2025-02-19',
        token: TOKEN,
        useCdn: false,
        maxRetries: 0,
      })
      await client.create({ _id: 'before-full', _type: 'note', text: 'written while there was room' })
      const filler = 'x'.repeat(64 * 1024)
      let failure: { statusCode?: number; response?: { body?: { error?: { type?: string } } } } | undefined
      for (let index = 0; index < 200 && !failure; index++) {
        failure = await client.create({ _id: `fill-${index}`, _type: 'note', text: filler }).then(
          () => undefined,
          (error: typeof failure) => error,
        )
      }
      expect(failure?.statusCode).toBe(507)
      expect(failure?.response?.body?.error?.type).toBe('storageFullError')

      expect(await client.fetch('*[_id == "before-full"][0].text')).toBe('written while there was room')

      execFileSync('mount', ['-o', 'remount,size=64m', mountPoint])
      await client.create({ _id: 'after-full', _type: 'note', text: 'room again' })
      expect(await client.fetch('*[_id == "after-full"][0].text')).toBe('room again')
    }, 60_000)
  },
)
