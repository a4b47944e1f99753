import { signOut } from '../accounts/administration.ts'
import { callerToken } from '../auth/identity.ts'
import { signInCodeRefused } from '../errors.ts'
import { normalizeOrigin } from '../policy/originCheck.ts'
import { type RequestContext, sendJson } from './context.ts'
import { clientAddress, publicOrigin } from './requestAddress.ts'

const SESSION_COOKIE = 'sanitySession'

/**
 * `GET /auth/providers`: what the Studio's login screen lists (it asks without credentials). The
 * lake has one provider, its own sign-in page, at the address this request reached it by.
 */
export function handleProviders(context: RequestContext): void {
  const url = `${publicOrigin(context.req, context.lake.config)}/auth/login`
  sendJson(context.res, 200, {
    thirdPartyLogin: false,
    sso: {},
    providers: [{ name: 'lake', title: 'Email and password', url }],
  })
}

/**
 * `GET /auth/fetch?sid=…`: trades the one-time code from the sign-in redirect for a session
 * token (`{token}`, as hosted answers), and sets it as an HttpOnly cookie too, for a Studio on the
 * same site. A code works once, within its minute, and only from the origin it was issued to.
 */
export function handleFetchSession(context: RequestContext): void {
  const { accounts } = context.lake
  const code = context.url.searchParams.get('sid') ?? ''
  const redeemed = code ? accounts.codes.redeem(code) : undefined
  const origin = context.req.headers.origin
  const fromElsewhere = origin !== undefined && normalizeOrigin(origin) !== redeemed?.origin
  const account = redeemed ? accounts.store.byId(redeemed.accountId) : undefined
  if (!account || account.disabled || fromElsewhere) throw signInCodeRefused()
  const session = accounts.sessions.start(account.id)
  const maxAge = Math.floor((session.expiresAt - Date.now()) / 1000)
  context.res.setHeader(
    'set-cookie',
    `${SESSION_COOKIE}=${session.token}; Path=/; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Lax`,
  )
  context.res.setHeader('cache-control', 'no-store')
  sendJson(context.res, 200, { token: session.token })
}

/**
 * `POST /auth/logout`: ends the caller's session (bearer token, or the cookie when the request is
 * not another site's), which ends its listen, live and presence streams at once, and clears the
 * cookie. Answers 200 even with nothing to end: signing out twice is not an error.
 */
export function handleLogout(context: RequestContext): void {
  const crossSite = context.origin === 'crossSite'
  const token = callerToken(
    crossSite ? { authorization: context.req.headers.authorization } : context.req.headers,
  )
  if (token) signOut(context.lake.accounts, token, clientAddress(context.req, context.lake.config))
  context.res.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`)
  sendJson(context.res, 200, {})
}
