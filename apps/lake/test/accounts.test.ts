import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { get, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { type RunningLake, startLake } from '../src/server.ts'
import { API_VERSION } from './harness.ts'
import { npmScript } from './npmScript.ts'
import { connectPeer, until } from './presencePeer.ts'
import {
  clientFor,
  exchange,
  getPage,
  inviteToken,
  postForm,
  type SignIn,
  sidOf,
  signedInToken,
  signInAttempt,
} from './signInFlow.ts'

/*
 * Accounts on one lake, as a newsroom runs it: an administrator invites people, they set a
 * password on the lake's page, sign in through it and get back to the Studio with a one-time sid.
 * The lake trusts X-Forwarded-For here so each test signs in from its own address, and the first
 * lock lasts 1.5 s so the unlock is seen without a long wait.
 */

const STUDIO = 'http://localhost:3999'
const OTHER_STUDIO = 'http://127.0.0.1:3999'
const PASSWORD = 'quiet-harbour-lantern-47'
const LOCK_MS = 1500
const ADDRESS_FAILURES = 8

let lake: RunningLake
let dataDir: string
/** Every secret the tests saw: none may be on disk in clear. */
const secrets = new Set<string>([PASSWORD])

const url = () => lake.httpUrl
const api = (path: string) => `${url()}/v${API_VERSION}${path}`

async function asDevIdentity(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(api(path), { ...init, headers: { 'content-type': 'application/json', ...init.headers } })
}

/** Adds a person through the CLI's own steps, by HTTP as an administrator with the CLI token. */
async function invite(email: string, name: string, role = 'editor'): Promise<string> {
  const response = await fetch(api('/projects/local/accounts'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${lake.lake.secrets.cliToken}` },
    body: JSON.stringify({ email, name, role }),
  })
  expect(response.status).toBe(201)
  const { inviteUrl } = (await response.json()) as { inviteUrl: string }
  secrets.add(inviteToken(inviteUrl))
  return inviteUrl
}

async function acceptInvite(link: string, password = PASSWORD) {
  const token = inviteToken(link)
  return postForm(`${url()}/auth/invite`, { token, password })
}

async function person(email: string, name: string, role = 'editor'): Promise<void> {
  expect((await acceptInvite(await invite(email, name, role))).status).toBe(200)
}

let nextAddress = 1
/** A sign-in from an address no other test uses, so the per-address limit of one test leaves the others alone. */
function flow(email: string, password = PASSWORD): SignIn {
  return {
    lakeUrl: url(),
    studioUrl: `${STUDIO}/structure`,
    email,
    password,
    address: `198.51.100.${nextAddress++}`,
  }
}

async function token(email: string): Promise<string> {
  const session = await signedInToken(flow(email))
  secrets.add(session)
  return session
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lake-accounts-'))
  const base = loadConfig({}, { dataDir, port: 0, tlsPort: 0, seed: false, webhooks: [] })
  lake = await startLake(
    {
      ...base,
      corsOrigins: [STUDIO, OTHER_STUDIO],
      trustProxy: true,
      accounts: { ...base.accounts, lockBaseMs: LOCK_MS, addressFailures: ADDRESS_FAILURES },
    },
    () => {},
  )
})
afterAll(async () => {
  await lake.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the dev identity', () => {
  it('is on for loopback callers until the first account exists, then off: people sign in', async () => {
    expect(lake.lake.config.devIdentity).toBe('untilAccounts')
    const before = await asDevIdentity('/users/me')
    expect([before.status, ((await before.json()) as { name: string }).name]).toEqual([
      200,
      'Local Developer',
    ])
    // The dev identity is an administrator, so it may add the first account itself.
    const added = await asDevIdentity('/projects/local/accounts', {
      method: 'POST',
      body: JSON.stringify({ email: 'Chief@Example.com ', name: 'Chief Editor', role: 'administrator' }),
    })
    expect(added.status).toBe(201)
    secrets.add(inviteToken(((await added.json()) as { inviteUrl: string }).inviteUrl))
    expect((await asDevIdentity('/users/me')).status).toBe(401)
    expect((await asDevIdentity('/projects/local/accounts')).status).toBe(401)
  })
})

describe('invites', () => {
  it('show a labelled password form, refuse short and common passwords, and work once', async () => {
    const link = await invite('reporter@example.com', 'Rita Reporter')
    expect(new URL(link).pathname).toBe('/auth/invite')
    const page = await getPage(link)
    expect(page.status).toBe(200)
    expect(page.body).toContain('<label for="password">New password</label>')
    expect(page.body).toContain('reporter@example.com')

    const short = await acceptInvite(link, 'short-one')
    expect(short.status).toBe(400)
    expect(short.body).toMatch(/role="alert"[^>]*>Use at least 12 characters/)
    const common = await acceptInvite(link, 'password1234')
    expect(common.status).toBe(400)
    expect(common.body).toContain('too easy to guess')
    const ownName = await acceptInvite(link, 'ritareporter')
    expect(ownName.status).toBe(400)

    const accepted = await acceptInvite(link)
    expect(accepted.status).toBe(200)
    expect(accepted.body).toContain('Your password is set')
    expect((await acceptInvite(link, 'another-long-passphrase-93')).status).toBe(410)
    expect((await getPage(link)).status).toBe(410)
    expect(await token('reporter@example.com')).toMatch(/^lks_/)
  })

  it('expire after seven days', async () => {
    const link = await invite('late@example.com', 'Late Comer')
    const account = lake.lake.accounts.store.byEmail('late@example.com')
    if (!account) throw new Error('no account')
    // An invite made seven days and a second ago, through the same code that makes every invite.
    const old = lake.lake.accounts.invites.create(account.id, Date.now() - 7 * 24 * 3600_000 - 1000)
    secrets.add(old.token)
    expect((await getPage(link)).status).toBe(410)
    const expired = await acceptInvite(link.replace(inviteToken(link), old.token))
    expect(expired.status).toBe(410)
    expect(lake.lake.accounts.store.byEmail('late@example.com')?.passwordHash).toBeNull()
  })
})

describe('signing in through the Studio’s login screen', () => {
  beforeAll(async () => {
    await person('editor@example.com', 'Eddie Editor')
  })

  it('lists the lake as the provider, at the address the Studio reached it by', async () => {
    const response = await fetch(`${url()}/v2026-05-04/auth/providers`)
    const { providers } = (await response.json()) as { providers: Array<{ name: string; url: string }> }
    expect(providers).toEqual([{ name: 'lake', title: 'Email and password', url: `${url()}/auth/login` }])
  })

  it('serves a page with its own policy (no script, no framing) and an accessible form', async () => {
    const page = await getPage(
      `${url()}/auth/login?origin=${encodeURIComponent(`${STUDIO}/structure`)}&projectId=local&type=dual`,
    )
    expect(page.status).toBe(200)
    const policy = page.headers.get('content-security-policy') ?? ''
    expect(policy).toContain("default-src 'none'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).toContain(`form-action 'self' ${STUDIO}`)
    expect(policy).not.toMatch(/script-src|unsafe-inline|sandbox/)
    expect(page.body).not.toContain('<script')
    expect(page.body).toContain('<label for="email">Email</label>')
    expect(page.body).toContain('autocomplete="current-password"')
    const css = await fetch(`${url()}/auth/pages.css`)
    expect(css.headers.get('content-type')).toContain('text/css')
  })

  it('sends the browser back with a sid that works once, and shows the person everywhere the Studio looks', async () => {
    const attempt = await signInAttempt(flow('editor@example.com'))
    expect(attempt.status).toBe(303)
    expect(attempt.location).toMatch(new RegExp(`^${STUDIO}/structure#sid=lkc_[\\w-]{43}$`))
    const sid = sidOf(attempt.location)
    secrets.add(sid)
    const first = await exchange(url(), sid, STUDIO)
    expect(first.status).toBe(200)
    expect(first.headers.get('set-cookie')).toMatch(
      /^sanitySession=lks_[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Lax$/,
    )
    const { token: session } = (await first.json()) as { token: string }
    secrets.add(session)
    expect((await exchange(url(), sid, STUDIO)).status).toBe(401)

    const client = clientFor(url(), session)
    const me = await client.request<{ id: string; name: string; email: string; role: string }>({
      url: '/users/me',
    })
    expect(me).toMatchObject({ name: 'Eddie Editor', email: 'editor@example.com', role: 'editor' })
    expect(await client.request({ url: '/auth/id' })).toEqual({ id: me.id })
    const project = await client.request<{ members: Array<{ id: string; isRobot: boolean }> }>({
      url: '/projects/local',
    })
    expect(project.members).toContainEqual(expect.objectContaining({ id: me.id, isRobot: false }))
    const group = await client.getDocument<{ members: string[] }>('_.groups.editor')
    expect(group?.members).toContain(me.id)
    expect(await client.request({ url: `/users/${me.id}` })).toMatchObject({ displayName: 'Eddie Editor' })
    // An editor writes.
    await client.create({ _type: 'article', title: 'By an account' })
  })

  it('gives a sid nothing after its minute, nor to another origin than the one it was issued to', async () => {
    const account = lake.lake.accounts.store.byEmail('editor@example.com')
    if (!account) throw new Error('no account')
    const stale = lake.lake.accounts.codes.issue(account.id, STUDIO, Date.now() - 61_000)
    const elsewhere = sidOf((await signInAttempt(flow('editor@example.com'))).location)
    secrets.add(stale).add(elsewhere)
    expect((await exchange(url(), stale)).status).toBe(401)
    expect((await exchange(url(), elsewhere, OTHER_STUDIO)).status).toBe(401)
    expect((await exchange(url(), elsewhere, STUDIO)).status).toBe(401)
  })

  it.each([
    ['another site', 'https://evil.example/structure'],
    ['a look-alike name', 'http://localhost.evil.example:3999/structure'],
    ['user info', `http://user@localhost:3999/structure`],
    ['another scheme', 'javascript:alert(1)'],
    ['a scheme-relative path', '//evil.example'],
    ['nothing', ''],
  ])(
    'refuses an origin that is not on the allow-list (%s): an error, no form, no sid',
    async (_case, origin) => {
      const page = await getPage(`${url()}/auth/login?origin=${encodeURIComponent(origin)}`)
      expect(page.status).toBe(400)
      expect(page.body).toContain('does not come from a Studio this lake knows')
      expect(page.body).not.toContain('<form')
      const posted = await signInAttempt({ ...flow('editor@example.com'), studioUrl: origin })
      expect([posted.status, posted.location]).toEqual([400, null])
      expect(posted.body).not.toContain('sid=')
    },
  )

  it('refuses sign-in forms posted from any page but its own', async () => {
    const fields = { origin: `${STUDIO}/structure`, email: 'editor@example.com', password: PASSWORD }
    const login = `${url()}/auth/login`
    const foreign = await postForm(login, fields, {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    })
    expect(foreign.status).toBe(403)
    const fromStudio = await postForm(login, fields, { origin: STUDIO, 'sec-fetch-site': 'same-site' })
    expect([fromStudio.status, fromStudio.location]).toEqual([403, null])
    const noOrigin = await fetch(login, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams(fields).toString(),
    })
    expect([noOrigin.status, noOrigin.headers.get('location')]).toEqual([403, null])
    const plain = await postForm(login, fields, { 'content-type': 'text/plain' })
    expect(plain.status).toBe(400)
  })

  it('answers an unknown address and a wrong password alike, in status and body', async () => {
    const unknown = await signInAttempt(flow('nobody@example.com', PASSWORD))
    const wrong = await signInAttempt(flow('editor@example.com', 'not-the-password-at-all'))
    const same = (body: string, email: string) => body.replace(email, '<email>')
    expect(unknown.status).toBe(401)
    expect([wrong.status, same(wrong.body, 'editor@example.com')]).toEqual([
      unknown.status,
      same(unknown.body, 'nobody@example.com'),
    ])
    expect(unknown.body).toMatch(/role="alert" tabindex="-1" autofocus>That email and password do not match/)
  })

  it('locks an account after 5 wrong passwords, refuses even the right one, and unlocks after the wait', async () => {
    await person('unlucky@example.com', 'Una Lucky')
    const address = flow('unlucky@example.com')
    const wrong = { ...address, password: 'wrong-wrong-wrong-wrong' }
    for (let attempt = 1; attempt <= 5; attempt++) expect((await signInAttempt(wrong)).status).toBe(401)
    const locked = await signInAttempt(address)
    expect(locked.status).toBe(401)
    expect(locked.body).toContain('That email and password do not match')
    // Waits for the lock the lake recorded (about LOCK_MS), then tries once more.
    const lockedUntil = lake.lake.accounts.store.byEmail('unlucky@example.com')?.lockedUntil ?? 0
    expect(lockedUntil).toBeGreaterThan(Date.now())
    await new Promise((resolve) => setTimeout(resolve, lockedUntil - Date.now() + 100))
    expect((await signInAttempt(address)).status).toBe(303)
  })

  it('limits failed sign-ins per address, whether the accounts exist or not', async () => {
    const from = flow('editor@example.com', 'not-it-not-it-not-it')
    for (let attempt = 1; attempt <= ADDRESS_FAILURES; attempt++) {
      // One known account among unknown ones: the address is limited either way (and the account stays unlocked).
      const email = attempt === 1 ? 'editor@example.com' : `ghost${attempt}@example.com`
      expect((await signInAttempt({ ...from, email })).status).toBe(401)
    }
    const limited = await signInAttempt({ ...from, password: PASSWORD })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await signInAttempt(flow('editor@example.com'))).status).toBe(303)
  })

  it('lets a viewer read drafts but not write', async () => {
    await person('viewer@example.com', 'Vera Viewer', 'viewer')
    const client = clientFor(url(), await token('viewer@example.com'))
    expect(await client.fetch('count(*[_type == "article"])')).toBeGreaterThan(0)
    const refused = await client
      .create({ _type: 'article', title: 'no' })
      .catch((error: { statusCode?: number }) => error)
    expect((refused as { statusCode?: number }).statusCode).toBe(403)
  })
})

/** A listen stream held with a session cookie, as a browser holds it; resolves once the server ends it. */
function cookieListen(token: string): Promise<{ opened: Promise<void>; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const request = get(
      api('/data/listen/production?query=*'),
      { headers: { cookie: `sanitySession=${token}` } },
      (response) => {
        let text = ''
        let welcomed = () => {}
        const opened = new Promise<void>((done) => {
          welcomed = done
        })
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString()
          if (text.includes('event: welcome')) welcomed()
        })
        resolve({ opened, ended: new Promise((done) => response.once('end', () => done())) })
      },
    )
    request.once('error', reject)
  })
}

/** Opens listen, live, a cookie listen and a presence socket with `token`; `ended` lists those the lake closed. */
async function openStreams(token: string) {
  const client = clientFor(url(), token)
  const ended = new Set<string>()
  let welcomes = 0
  const onEvent = (event: { type: string }) => {
    if (event.type === 'welcome') welcomes++
  }
  client
    .listen('*', {}, { events: ['welcome'] })
    .subscribe({ next: onEvent, error: () => ended.add('listen') })
  client.live.events({ includeDrafts: true }).subscribe({ next: onEvent, error: () => ended.add('live') })
  const cookie = await cookieListen(token)
  void cookie.ended.then(() => ended.add('cookieListen'))
  const peer = await connectPeer(url())
  expect(await peer.call('authorization', { authorization: `Bearer ${token}` })).toBe(true)
  peer.socket.once('close', (code) => ended.add(`presence ${code}`))
  await cookie.opened
  await until(() => welcomes >= 2, 10_000)
  return { client, ended }
}

const ALL_ENDED = ['cookieListen', 'listen', 'live', 'presence 1008']

describe('ending sessions', () => {
  beforeAll(async () => {
    await person('leaving@example.com', 'Lee Leaving')
  })

  it('signing out ends the session and, within a second, its listen, live and presence streams', async () => {
    const session = await token('leaving@example.com')
    const { client, ended } = await openStreams(session)
    const out = await fetch(api('/auth/logout'), {
      method: 'POST',
      headers: { authorization: `Bearer ${session}` },
    })
    expect(out.status).toBe(200)
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0')
    await until(() => ended.size === 4, 1000)
    expect([...ended].sort()).toEqual(ALL_ENDED)
    const refused = await client.fetch('1').catch((error: { statusCode?: number }) => error.statusCode)
    expect(refused).toBe(401)
  })

  it('the command line, with the lake running, disables a person and revokes a robot token: their streams end', async () => {
    const session = await token('leaving@example.com')
    const person = await openStreams(session)
    const made = await npmScript('lake', ['tokens', 'add', '--name', 'Reader site', '--data-dir', dataDir])
    expect(made.code).toBe(0)
    const [, id, robotToken] = /token (r[0-9a-f]+) .*\n\s+(lkt_[\w-]+)/.exec(made.stdout) ?? []
    if (!id || !robotToken) throw new Error(made.stdout)
    secrets.add(robotToken)
    const robot = await openStreams(robotToken)
    expect(await robot.client.request({ url: '/users/me' })).toMatchObject({
      name: 'Reader site',
      role: 'viewer',
    })

    const disabled = await npmScript('lake', [
      'users',
      'disable',
      'leaving@example.com',
      '--data-dir',
      dataDir,
    ])
    expect(disabled.stdout).toContain('leaving@example.com disabled')
    await until(() => person.ended.size === 4, 2000)
    const revoked = await npmScript('lake', ['tokens', 'revoke', id, '--data-dir', dataDir])
    expect(revoked.code).toBe(0)
    await until(() => robot.ended.size === 4, 2000)
    expect([...robot.ended].sort()).toEqual(ALL_ENDED)
    expect((await signInAttempt(flow('leaving@example.com'))).status).toBe(401)
    const listed = await npmScript('lake', ['users', 'list', '--data-dir', dataDir])
    expect(listed.stdout).toMatch(/leaving@example\.com\tLee Leaving\teditor\tdisabled/)
  })
})

describe('administration over HTTP', () => {
  it('lets administrators change roles, reset and remove, and nobody else', async () => {
    await person('admin@example.com', 'Ada Admin', 'administrator')
    const admin = clientFor(url(), await token('admin@example.com'))
    const editor = clientFor(url(), await token('editor@example.com'))
    const refused = await editor
      .request({ url: '/projects/local/accounts' })
      .catch((error: { statusCode?: number }) => error.statusCode)
    expect(refused).toBe(403)
    const changed = await admin.request<{ role: string }>({
      url: '/projects/local/accounts/editor@example.com',
      method: 'PATCH',
      body: { role: 'viewer' },
    })
    expect(changed.role).toBe('viewer')
    expect(await editor.request({ url: '/users/me' })).toMatchObject({ role: 'viewer' })
    const reset = await admin.request<{ inviteUrl: string; activeSessions: number }>({
      url: '/projects/local/accounts/editor@example.com/reset',
      method: 'POST',
    })
    secrets.add(inviteToken(reset.inviteUrl))
    expect(reset.activeSessions).toBe(0)
    expect(
      await editor.request({ url: '/users/me' }).catch((error: { statusCode?: number }) => error.statusCode),
    ).toBe(401)
    const made = await admin.request<{ key: string; label: string }>({
      url: '/projects/local/tokens',
      method: 'POST',
      body: { label: 'Preview', roleName: 'viewer' },
    })
    secrets.add(made.key)
    expect(made.label).toBe('Preview')
    const listed = await admin.request<Array<{ email: string }>>({ url: '/projects/local/accounts' })
    expect(listed.map((account) => account.email)).toContain('editor@example.com')
    expect(JSON.stringify(listed)).not.toMatch(/argon2|password/i)
    await admin.request({ url: '/projects/local/accounts/late@example.com', method: 'DELETE' })
    expect(lake.lake.accounts.store.byEmail('late@example.com')).toBeUndefined()
  })
})

/** A request whose Host names another site, as after DNS rebinding (fetch cannot set Host). */
function reboundRequest(method: string, path: string): Promise<{ status: number; type: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(`${url()}${path}`, { method, headers: { host: 'attacker.example' } }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          type: (JSON.parse(body) as { error: { type: string } }).error.type,
        }),
      )
    })
    sent.once('error', reject)
    sent.end()
  })
}

describe('every new route passes the Host and Origin policy', () => {
  const routes: Array<[string, string]> = [
    ['GET', '/auth/login'],
    ['POST', '/auth/login'],
    ['GET', '/auth/invite'],
    ['POST', '/auth/invite'],
    ['GET', '/auth/pages.css'],
    ['GET', `/v${API_VERSION}/auth/providers`],
    ['GET', `/v${API_VERSION}/auth/fetch?sid=x`],
    ['POST', `/v${API_VERSION}/auth/logout`],
    ['GET', `/v${API_VERSION}/projects/local/accounts`],
    ['POST', `/v${API_VERSION}/projects/local/accounts`],
    ['PATCH', `/v${API_VERSION}/projects/local/accounts/x`],
    ['DELETE', `/v${API_VERSION}/projects/local/accounts/x`],
    ['POST', `/v${API_VERSION}/projects/local/accounts/x/reset`],
    ['GET', `/v${API_VERSION}/projects/local/tokens`],
    ['POST', `/v${API_VERSION}/projects/local/tokens`],
    ['DELETE', `/v${API_VERSION}/projects/local/tokens/x`],
  ]

  it.each(routes)(
    '%s %s: a rebound Host and a foreign Origin get 403 before any handler',
    async (method, path) => {
      const rebound = await reboundRequest(method, path)
      expect([rebound.status, rebound.type]).toEqual([403, 'hostNotAllowedError'])
      const foreign = await fetch(`${url()}${path}`, {
        method,
        headers: { origin: 'https://attacker.example' },
      })
      expect(foreign.status).toBe(403)
      expect(((await foreign.json()) as { error: { type: string } }).error.type).toBe(
        'corsOriginNotAllowedError',
      )
    },
  )
})

/** Every file under `dir`, the SQLite files and their write-ahead logs included. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('what the data dir keeps', () => {
  it('holds no password, session token, sid, invite or robot token in clear', () => {
    expect(secrets.size).toBeGreaterThan(10)
    const files = filesUnder(dataDir)
    expect(files.map((file) => file.slice(dataDir.length))).toEqual(
      expect.arrayContaining(['/accounts.sqlite', '/audit.log']),
    )
    for (const file of files) {
      const bytes = readFileSync(file)
      for (const secret of secrets) expect([file, bytes.includes(secret)]).toEqual([file, false])
    }
  })

  it('writes an audit line for each sign-in, failure, lock, sign-out, invite, role change and token, with no secret', () => {
    const text = readFileSync(join(dataDir, 'audit.log'), 'utf8')
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; at: string })
    const events = new Set(lines.map((line) => line.event))
    for (const event of [
      'userAdded',
      'inviteCreated',
      'inviteAccepted',
      'signIn',
      'signInFailed',
      'accountLocked',
      'addressLimited',
      'signOut',
      'roleChanged',
      'userDisabled',
      'userReset',
      'userRemoved',
      'tokenCreated',
      'tokenRevoked',
    ])
      expect([event, events.has(event)]).toEqual([event, true])
    for (const secret of secrets) expect(text.includes(secret)).toBe(false)
    expect(text).not.toContain('nobody@example.com')
    expect(lines.every((line) => !Number.isNaN(Date.parse(line.at)))).toBe(true)
  })
})
