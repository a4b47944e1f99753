import { request as httpRequest } from 'node:http'
import { connect } from 'node:http2'
import { request as httpsRequest } from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAllowedHost } from '../src/policy/hostCheck.ts'
import { originVerdict } from '../src/policy/originCheck.ts'
import { startTarget, type Target } from './harness.ts'

describe('host check (DNS rebinding)', () => {
  const allowed = ['lake.example.com', '.team.example']
  it.each([
    ['localhost:4000', true],
    ['LOCALHOST', true],
    ['local.localhost:4443', true],
    ['127.0.0.1:4000', true],
    ['127.255.0.9', true],
    ['[::1]:4443', true],
    ['lake.example.com', true],
    ['team.example', true],
    ['a.team.example:443', true],
    ['attacker.example', false],
    ['localhost.attacker.example', false],
    ['127.0.0.1.nip.io', false],
    ['128.0.0.1', false],
    ['0.0.0.0:4000', false],
    ['evil.lake.example.com', false],
    ['[::2]', false],
    ['localhost:4000:1', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (host, expected) => {
    expect(isAllowedHost(host, allowed)).toBe(expected)
  })
})

describe('origin verdict', () => {
  const list = new Set(['http://localhost:3333', 'http://127.0.0.1:3000'])
  it.each([
    [{ origin: 'http://localhost:3333' }, 'allowed'],
    [{ origin: 'http://127.0.0.1:3000' }, 'allowed'],
    [{ origin: 'http://localhost:3000' }, 'foreign'],
    [{ origin: 'https://localhost:3333' }, 'foreign'],
    [{ origin: 'https://evil.example' }, 'foreign'],
    [{ origin: 'null' }, 'foreign'],
    [{ origin: 'http://localhost:3333.evil.example' }, 'foreign'],
    [{ 'sec-fetch-site': 'cross-site' }, 'crossSite'],
    [{ 'sec-fetch-site': 'same-site' }, 'crossSite'],
    [{ 'sec-fetch-site': 'same-origin' }, 'none'],
    [{ 'sec-fetch-site': 'none' }, 'none'],
    [{}, 'none'],
  ])('%j → %s', (headers, expected) => {
    expect(originVerdict(headers, list)).toBe(expected)
  })
})

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

describe.skipIf(process.env.LAKE_TARGET_URL)('the lake refuses foreign hosts and origins', () => {
  let target: Target
  let http: string
  let https: string
  let ca: string
  const studio = 'http://localhost:3333'

  beforeAll(async () => {
    target = await startTarget()
    const local = target.local
    if (!local) throw new Error('needs a local lake')
    http = local.httpUrl
    https = local.httpsUrl
    ca = local.tls.caCert
    await target.client().create({ _id: 'drafts.policy-secret', _type: 'article', title: 'Draft only' })
  })
  afterAll(() => target?.close())

  const query =
    '/v2025-02-19/data/query/production?query=*%5B_id%3D%3D%22drafts.policy-secret%22%5D&perspective=raw'

  function overHttp(path: string, headers: Record<string, string>, method = 'GET', body?: string) {
    return raw(httpRequest, http, path, headers, method, body)
  }
  function overHttps(path: string, headers: Record<string, string>, method = 'GET', body?: string) {
    return raw(httpsRequest, https, path, headers, method, body, { ca, servername: 'localhost' })
  }

  it('refuses a rebound Host on HTTP and on HTTPS/1.1, before any route', async () => {
    for (const send of [overHttp, overHttps]) {
      for (const path of [query, '/health', '/v1/no/such/route']) {
        const response = await send(path, {
          host: 'attacker.example',
          authorization: `Bearer ${target.writeToken}`,
        })
        expect(response.status).toBe(403)
        expect(JSON.parse(response.body).error.type).toBe('hostNotAllowedError')
        expect(response.body).toContain('LAKE_ALLOWED_HOSTS')
      }
    }
  })

  it('refuses a rebound :authority over HTTP/2', async () => {
    const session = connect(https, { ca, servername: 'localhost' })
    try {
      const answer = (authority: string) =>
        new Promise<number>((resolve, reject) => {
          const stream = session.request({ ':path': query, ':authority': authority })
          stream.on('response', (headers) => resolve(Number(headers[':status'])))
          stream.on('error', reject)
          stream.resume()
        })
      expect(await answer('attacker.example:4443')).toBe(403)
      expect(await answer(`localhost:${new URL(https).port}`)).toBe(200)
    } finally {
      session.close()
    }
  })

  it('echoes CORS headers only for allowed origins, and refuses others whatever the method', async () => {
    const allowed = await overHttp(query, { origin: studio, authorization: `Bearer ${target.writeToken}` })
    expect(allowed.status).toBe(200)
    expect(allowed.headers['access-control-allow-origin']).toBe(studio)
    expect(allowed.headers['access-control-allow-credentials']).toBe('true')

    const evil = 'https://evil.example'
    const read = await overHttps(query, { origin: evil })
    expect(read.status).toBe(403)
    expect(read.headers['access-control-allow-origin']).toBeUndefined()
    expect(JSON.parse(read.body).error.type).toBe('corsOriginNotAllowedError')

    const preflight = await overHttp(
      query,
      { origin: evil, 'access-control-request-method': 'POST' },
      'OPTIONS',
    )
    expect(preflight.status).toBe(403)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()

    const mutation = JSON.stringify({
      mutations: [{ create: { _id: 'csrf-doc', _type: 'article', title: 'x' } }],
    })
    const plainPost = await overHttp(
      '/v2025-02-19/data/mutate/production',
      { origin: evil, 'content-type': 'text/plain' },
      'POST',
      mutation,
    )
    expect(plainPost.status).toBe(403)
    expect(await target.client().getDocument('csrf-doc')).toBeUndefined()
  })

  it('sandboxes every answer, router errors under /files and /images included', async () => {
    for (const path of [
      '/files/local/production/a/b/c/d',
      '/images/local/production',
      query,
      '/v1/nothing',
    ]) {
      const response = await overHttp(path, { authorization: `Bearer ${target.writeToken}` })
      expect(response.headers['content-security-policy'], path).toBe('sandbox')
      expect(response.headers['x-content-type-options'], path).toBe('nosniff')
    }
  })

  it('answers /check/cors truthfully', async () => {
    const ask = async (origin: string) =>
      JSON.parse((await overHttp('/v1/check/cors', { origin })).body).result as { allowed: boolean }
    expect((await ask(studio)).allowed).toBe(true)
    expect((await ask('https://evil.example')).allowed).toBe(false)
  })

  it('lets administrators add and remove origins with the Projects API', async () => {
    const admin = { authorization: `Bearer ${target.writeToken}`, 'content-type': 'application/json' }
    const added = await overHttp(
      '/v2021-06-07/projects/local/cors',
      admin,
      'POST',
      JSON.stringify({ origin: 'https://cms.example.com', allowCredentials: true }),
    )
    expect(added.status).toBe(200)
    const entry = JSON.parse(added.body) as { id: number; origin: string }
    expect(entry.origin).toBe('https://cms.example.com')
    expect((await overHttp(query, { origin: 'https://cms.example.com' })).status).toBe(200)

    const viewer = await overHttp('/v2021-06-07/projects/local/cors', {
      authorization: `Bearer ${target.viewerToken}`,
    })
    expect(viewer.status).toBe(403)
    const listed = JSON.parse((await overHttp('/v2021-06-07/projects/local/cors', admin)).body) as Array<{
      origin: string
    }>
    expect(listed.map((item) => item.origin)).toEqual(
      expect.arrayContaining([studio, 'https://cms.example.com']),
    )

    const removed = await overHttp(`/v2021-06-07/projects/local/cors/${entry.id}`, admin, 'DELETE')
    expect(removed.status).toBe(200)
    expect((await overHttp(query, { origin: 'https://cms.example.com' })).status).toBe(403)
  })
})

describe.skipIf(process.env.LAKE_TARGET_URL)('requests another site made the browser send', () => {
  let target: Target
  beforeAll(async () => {
    target = await startTarget({ devIdentity: true })
    await target.client().create({ _id: 'drafts.cross-site-secret', _type: 'article', title: 'Draft only' })
  })
  afterAll(() => target?.close())

  it('never get the dev identity or a cookie session', async () => {
    const path =
      '/v2025-02-19/data/query/production?query=*%5B_id%3D%3D%22drafts.cross-site-secret%22%5D.title&perspective=raw'
    const local = target.local?.httpUrl ?? ''
    const sameMachine = JSON.parse((await raw(httpRequest, local, path, {})).body).result
    expect(sameMachine).toEqual(['Draft only'])
    const attempts: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'cross-site', cookie: `sanitySession=${target.writeToken}` },
    ]
    for (const headers of attempts) {
      const response = await raw(httpRequest, local, path, headers)
      expect(response.status).toBe(200)
      expect(JSON.parse(response.body).result).toEqual([])
    }
  })
})

function raw(
  send: typeof httpRequest,
  base: string,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
  tls: { ca?: string; servername?: string } = {},
): Promise<RawResponse> {
  const url = new URL(path, base)
  return new Promise((resolve, reject) => {
    const req = send(
      { hostname: '127.0.0.1', port: url.port, path: url.pathname + url.search, method, headers, ...tls },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => {
          text += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
