import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type SanityClient } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, REPO_ROOT } from '../src/config.ts'
import { type RunningLake, startLake } from '../src/server.ts'
import { npmScript } from './npmScript.ts'

/*
 * The real Sanity CLI (the Studio's own `sanity`, through `npm run sanity`) against a lake of its
 * own: seeded, with no configured token and the dev identity off, so every call that works was
 * let in by the data dir's CLI token, which the wrapper hands over.
 */
const work = mkdtempSync(join(tmpdir(), 'lake-sanity-cli-'))
const dataDir = join(work, 'data')
let lake: RunningLake
let env: NodeJS.ProcessEnv

/*
 * One run of the real CLI (npm, the wrapper, the CLI loading the Studio's config) takes 5-25 s
 * on a loaded two-core machine, and is stopped at this deadline, failing its test with what it
 * printed. Each test gets the deadlines of the runs it makes, one after another, plus the
 * suite's usual time for its own requests to the lake: it fails on a run that hangs, never on a
 * slow run that would have finished.
 */
const CLI_RUN_MS = 90_000
const OWN_REQUESTS_MS = 30_000
const cliRuns = (runs: number) => ({ timeout: runs * CLI_RUN_MS + OWN_REQUESTS_MS })

const sanity = (...args: string[]) => npmScript('sanity', args, { env, cwd: work, timeoutMs: CLI_RUN_MS })

function client(dataset = 'production'): SanityClient {
  return createClient({
    projectId: 'local',
    dataset,
    apiHost: lake.httpUrl,
    useProjectHostname: false,
    apiVersion: '2025-02-19',
    token: lake.lake.secrets.cliToken,
    useCdn: false,
  })
}

/** The JSON a command printed, after npm's banner. */
function printedJson<T>(stdout: string): T {
  const start = stdout.search(/^[[{"]/m)
  if (start < 0) throw new Error(`no JSON in:\n${stdout}`)
  return JSON.parse(stdout.slice(start)) as T
}

beforeAll(async () => {
  lake = await startLake(
    loadConfig(
      {},
      { dataDir, port: 0, tlsPort: 0, devIdentity: false, tokens: [], seed: true, webhooks: [] },
    ),
    () => {},
  )
  env = {
    LAKE_DATA_DIR: dataDir,
    LAKE_PORT: new URL(lake.httpUrl).port,
    LAKE_TLS_PORT: new URL(lake.httpsUrl).port,
    LAKE_TOKENS: '',
    // The lake the Studio uses, whatever the caller's shell says.
    SANITY_STUDIO_PROJECT_ID: '',
    SANITY_STUDIO_API_HOST: '',
    SANITY_AUTH_TOKEN: '',
  }
})
afterAll(async () => {
  await lake.close()
  rmSync(work, { recursive: true, force: true })
})

describe('npm run sanity -- <command> against the lake', () => {
  it('documents query reads the story over HTTPS at local.localhost', cliRuns(1), async () => {
    const { code, stdout, stderr } = await sanity(
      'documents',
      'query',
      '*[_type == "article"]{title, "slides": count(slides)}',
      '--api-version',
      '2025-02-19',
    )
    expect(code, stderr).toBe(0)
    expect(printedJson(stdout)).toEqual([
      { title: 'Alec Baldwin Shares Dramatic News About His Relationship With Wife Hilaria', slides: 43 },
    ])
  })

  it('documents create, get and delete write with the CLI token', cliRuns(3), async () => {
    writeFileSync(
      join(work, 'person.json'),
      JSON.stringify({ _id: 'cli-person', _type: 'person', name: 'Ada' }),
    )
    const created = await sanity('documents', 'create', 'person.json')
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout).toContain('cli-person')
    const got = await sanity('documents', 'get', 'cli-person')
    expect(printedJson(got.stdout)).toMatchObject({ _id: 'cli-person', name: 'Ada' })
    const deleted = await sanity('documents', 'delete', 'cli-person')
    expect(deleted.stdout).toContain('Deleted 1 document')
    expect(await client().getDocument('cli-person')).toBeUndefined()
  })

  it('dataset export and import carry the story and its photos to another dataset', cliRuns(3), async () => {
    const exported = await sanity('dataset', 'export', 'production', 'baldwin.tar.gz')
    expect(exported.code, exported.stderr).toBe(0)
    expect(existsSync(join(work, 'baldwin.tar.gz'))).toBe(true)
    expect((await sanity('dataset', 'create', 'copy', '--visibility', 'public')).code).toBe(0)
    const imported = await sanity('dataset', 'import', 'baldwin.tar.gz', '--dataset', 'copy')
    expect(imported.code, imported.stderr).toBe(0)
    const story = '*[_type == "article"][0]{title, slides[]{heading, credit, "photo": image.asset->_id}}'
    const original = await client().fetch(story)
    expect(await client('copy').fetch(story)).toEqual(original)
    const photos = 'count(*[_type == "sanity.imageAsset"])'
    expect(await client('copy').fetch(photos)).toBe(await client().fetch(photos))
    const path = await client('copy').fetch<string>('*[_type == "sanity.imageAsset"][0].path')
    expect((await fetch(`${lake.httpUrl}/${path}`)).status).toBe(200)
  })

  it('exec runs a script whose getCliClient() reads and writes the lake', cliRuns(1), async () => {
    const script = join(import.meta.dirname, 'fixtures', 'cliClientScript.ts')
    const { code, stdout, stderr } = await sanity('exec', script)
    expect(code, stderr).toBe(0)
    const { title, created } = printedJson<{ title: string; created: string }>(stdout)
    expect(title).toMatch(/^Alec Baldwin/)
    expect(await client().getDocument(created)).toMatchObject({ name: 'Written by sanity exec' })
  })

  it('schema extract and typegen generate give the types packages/sanity ships', cliRuns(2), async () => {
    const extracted = await sanity('schema', 'extract', '--path', 'schema.json')
    expect(extracted.code, extracted.stderr).toBe(0)
    writeFileSync(
      join(work, 'typegen.json'),
      JSON.stringify({
        path: join(REPO_ROOT, 'packages/sanity/src/queries.ts'),
        schema: join(work, 'schema.json'),
        generates: join(work, 'sanity.types.ts'),
        overloadClientMethods: true,
      }),
    )
    const generated = await sanity('typegen', 'generate', '--config-path', 'typegen.json')
    expect(generated.code, generated.stderr).toBe(0)
    // Only the "Source:" comments differ: they name the input paths relative to the output.
    const withoutSources = (text: string) => text.replace(/^\/\/ Source: .*$/gm, '')
    expect(
      withoutSources(readFileSync(join(work, 'sanity.types.ts'), 'utf8')),
      'packages/sanity/src/sanity.types.ts is stale: npm run typegen -w @slideshow/sanity',
    ).toBe(withoutSources(readFileSync(join(REPO_ROOT, 'packages/sanity/src/sanity.types.ts'), 'utf8')))
  })

  it('says so in one line when no lake is listening', cliRuns(1), async () => {
    const { code, stderr } = await npmScript('sanity', ['documents', 'query', 'count(*)'], {
      env: { ...env, LAKE_TLS_PORT: '9' },
      cwd: work,
      timeoutMs: CLI_RUN_MS,
    })
    expect(code).not.toBe(0)
    expect(stderr).toContain('sanity: no lake is listening at https://localhost:9')
  })
})
