import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ndjsonPath } from '@slideshow/dataset'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isTrustedByNss } from '../src/tls/trustStores.ts'
import { npmScript, startNpmScript } from './npmScript.ts'

/*
 * Every `lake` command through the root script, as the README gives them (`npm run lake -- <command>`),
 * on one temp data dir, in the order a user might run them; each checked for what it says it does.
 */
const work = mkdtempSync(join(tmpdir(), 'lake-commands-'))
const dataDir = join(work, 'data')
const home = join(work, 'home')
const seededCount = readFileSync(ndjsonPath, 'utf8').trim().split('\n').length
// No tokens or data dir from the caller's shell: the commands must say what they touch.
const env = { LAKE_TOKENS: '', LAKE_DATA_DIR: '' }

const lake = (...args: string[]) => npmScript('lake', [...args, '--data-dir', dataDir], { env, cwd: work })

function lines(output: string): string[] {
  return output.split('\n').filter((line) => line && !line.startsWith('>'))
}

let receiver: Server
const deliveries: string[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    deliveries.push(String(req.headers['sanity-document-id']))
    res.end('ok')
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
})
afterAll(() => {
  receiver.close()
  rmSync(work, { recursive: true, force: true })
})

describe('npm run lake -- <command>', () => {
  it('--help lists every command, and serves nothing', async () => {
    const { code, stdout, timedOut } = await lake('--help')
    expect({ code, timedOut }).toEqual({ code: 0, timedOut: false })
    for (const command of [
      'serve',
      'seed',
      'reset',
      'dataset create',
      'trust',
      'import',
      'export',
      'webhooks log',
      'backup <dir>',
      'backup --verify',
      'restore <dir>',
    ])
      expect(stdout).toContain(command)
    expect(stdout).not.toContain('lake: serving')
  })

  it('seed creates the dataset with the Baldwin story', async () => {
    const { code, stdout } = await lake('seed')
    expect(code).toBe(0)
    expect(stdout).toContain(`created and seeded dataset "production" with ${seededCount} documents`)
    expect(lines((await lake('dataset', 'list')).stdout)).toEqual([
      expect.stringMatching(/^production\tpublic\t/),
    ])
  })

  it('dataset create, list and delete manage datasets', async () => {
    expect((await lake('dataset', 'create', 'review', '--acl', 'private')).stdout).toContain(
      'created private dataset "review"',
    )
    expect(lines((await lake('dataset', 'list')).stdout)).toEqual([
      expect.stringMatching(/^production\tpublic\t/),
      expect.stringMatching(/^review\tprivate\t/),
    ])
    expect((await lake('dataset', 'delete', 'review')).stdout).toContain('deleted dataset "review"')
    expect(lines((await lake('dataset', 'list')).stdout)).toHaveLength(1)
  })

  it('export writes the dataset as an archive, at a path relative to where it was typed', async () => {
    const { code, stdout } = await lake('export', 'baldwin.tar.gz')
    expect(code).toBe(0)
    expect(stdout).toContain(`exported ${seededCount} documents and their assets from "production"`)
    expect(existsSync(join(work, 'baldwin.tar.gz'))).toBe(true)
  })

  it('reset deletes every dataset and asset', async () => {
    const { code, stdout } = await lake('reset')
    expect(code).toBe(0)
    expect(stdout).toContain(`reset ${dataDir}`)
    expect(lines((await lake('dataset', 'list')).stdout)).toEqual([])
    expect(existsSync(join(dataDir, 'assets'))).toBe(false)
  })

  it('import brings the archive back as the dataset', async () => {
    const { code, stdout } = await lake('import', 'baldwin.tar.gz')
    expect(code).toBe(0)
    expect(stdout).toContain(`imported ${seededCount} documents into "production"`)
  })

  it('with no command it serves the data dir, and webhooks log shows what it delivered', async () => {
    writeFileSync(
      join(dataDir, 'lake.config.json'),
      JSON.stringify({
        webhooks: [
          {
            name: 'commands-probe',
            url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
            dataset: 'production',
            on: ['create'],
          },
        ],
      }),
    )
    const served = startNpmScript('lake', ['--data-dir', dataDir], {
      env: { ...env, LAKE_PORT: '0', LAKE_TLS_PORT: '0' },
      cwd: work,
    })
    try {
      const [, url] = await served.waitFor(/HTTP\s+(http:\/\/\S+)/)
      const query = `${url}/v2025-02-19/data/query/production?query=${encodeURIComponent('*[_type == "article"][0].title')}`
      const { result } = (await (await fetch(query)).json()) as { result: string }
      expect(result).toMatch(/^Alec Baldwin/)
      const mutate = await fetch(`${url}/v2025-02-19/data/mutate/production`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: [{ create: { _id: 'commands-probe-1', _type: 'probe' } }] }),
      })
      expect(mutate.status).toBe(200)
      await expect.poll(() => deliveries, { timeout: 10_000 }).toContain('commands-probe-1')
    } finally {
      await served.stop()
    }
    const log = await lake('webhooks', 'log')
    expect(log.code).toBe(0)
    expect(log.stdout).toMatch(/commands-probe\s+create commands-probe-1\s.*HTTP 200/)
  })

  it('trust --browsers-only adds the CA to the NSS database browsers read, and nothing else', async () => {
    const { code, stdout } = await npmScript('trust', ['--browsers-only', '--data-dir', dataDir], {
      env: { ...env, HOME: home },
      cwd: work,
    })
    expect(code).toBe(0)
    expect(stdout).toContain('Chromium/Chrome (NSS): added')
    expect(stdout).not.toContain('system')
    expect(isTrustedByNss(join(dataDir, 'tls', 'ca.crt'), home)).toBe(true)
  })

  it('an unknown command fails with the usage, and serves nothing', async () => {
    const { code, stderr, timedOut } = await lake('frobnicate')
    expect({ code, timedOut }).toEqual({ code: 1, timedOut: false })
    expect(stderr).toContain('lake: Unknown command "frobnicate"')
    expect(stderr).toContain('Usage: lake')
  })
})
