import { acceptInvite } from '../accounts/acceptInvite.ts'
import { signIn } from '../accounts/signIn.ts'
import {
  inviteInvalidPage,
  invitePage,
  passwordSetPage,
  SIGN_IN_CSS,
  signInPage,
  signInRefusedPage,
} from '../accounts/signInPages.ts'
import { returnUrl } from '../policy/returnOrigin.ts'
import type { RequestContext } from './context.ts'
import { postedFromOwnPage, readForm } from './forms.ts'
import { redirectAfterPost, sendPage } from './pages.ts'
import { clientAddress } from './requestAddress.ts'

const UNKNOWN_ORIGIN =
  'This sign-in link does not come from a Studio this lake knows, so it cannot sign you in. ' +
  'Open your Studio and choose Sign in there. (Administrators: add the Studio’s address to LAKE_CORS_ORIGINS.)'

const NOT_FROM_THIS_PAGE =
  'This sign-in did not come from this page, so it was refused. Open your Studio and choose Sign in again.'

/**
 * Said alike for an unknown address, a wrong password, a disabled or locked account and an
 * unaccepted invite, so the answer never tells whether an account exists.
 */
const REFUSED =
  'That email and password do not match an account that can sign in. ' +
  'After 5 wrong passwords an account is locked for a while; ask an administrator if you are stuck.'

/** `GET /auth/login?origin=…`: the sign-in page the Studio's login screen links to. */
export function handleSignInPage(context: RequestContext): void {
  const origin = returnUrl(context.url.searchParams.get('origin'), context.lake.cors.allowed)
  if (origin) sendPage(context.res, 200, signInPage({ origin }), { formTarget: origin })
  else sendPage(context.res, 400, signInRefusedPage(UNKNOWN_ORIGIN))
}

/**
 * `POST /auth/login`: checks the password; on success sends the browser back to the Studio
 * with a one-minute, single-use `#sid=` (in the fragment, so it reaches no server log).
 */
export async function handleSignIn(context: RequestContext): Promise<void> {
  const { lake, res } = context
  if (!postedFromOwnPage(context)) return sendPage(res, 403, signInRefusedPage(NOT_FROM_THIS_PAGE))
  const form = await readForm(context)
  const origin = returnUrl(form.get('origin'), lake.cors.allowed)
  if (!origin) return sendPage(res, 400, signInRefusedPage(UNKNOWN_ORIGIN))
  const email = form.get('email') ?? ''
  const result = await signIn(lake.accounts, {
    email,
    password: form.get('password') ?? '',
    origin: new URL(origin).origin,
    address: clientAddress(context.req, lake.config),
  })
  if (result.outcome === 'signedIn') return redirectAfterPost(res, `${origin}#sid=${result.code}`)
  if (result.outcome === 'addressLimited') {
    const minutes = Math.ceil(result.retryAfterSeconds / 60)
    const text = `Too many failed sign-ins from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
    return sendPage(res, 429, signInPage({ origin, email, message: { text, tone: 'error' } }), {
      formTarget: origin,
      headers: { 'retry-after': String(result.retryAfterSeconds) },
    })
  }
  sendPage(res, 401, signInPage({ origin, email, message: { text: REFUSED, tone: 'error' } }), {
    formTarget: origin,
  })
}

/** `GET /auth/invite?token=…`: where an invited person chooses a password. */
export function handleInvitePage(context: RequestContext): void {
  const { accounts } = context.lake
  const token = context.url.searchParams.get('token') ?? ''
  const accountId = accounts.invites.peek(token)
  const account = accountId === undefined ? undefined : accounts.store.byId(accountId)
  if (account) sendPage(context.res, 200, invitePage({ token, email: account.email, name: account.name }))
  else sendPage(context.res, 410, inviteInvalidPage())
}

/** `POST /auth/invite`: sets the password, once per invite. */
export async function handleAcceptInvite(context: RequestContext): Promise<void> {
  const { lake, res } = context
  if (!postedFromOwnPage(context)) return sendPage(res, 403, signInRefusedPage(NOT_FROM_THIS_PAGE))
  const form = await readForm(context)
  const token = form.get('token') ?? ''
  const result = await acceptInvite(lake.accounts, token, form.get('password') ?? '')
  if (result.outcome === 'inviteInvalid') return sendPage(res, 410, inviteInvalidPage())
  if (result.outcome === 'passwordSet') return sendPage(res, 200, passwordSetPage(lake.config.studioUrl))
  const { account, problem } = result
  const message = { text: problem, tone: 'error' as const }
  sendPage(res, 400, invitePage({ token, email: account.email, name: account.name, message }))
}

/** `GET /auth/pages.css`: the pages' only stylesheet. */
export function handlePagesCss(context: RequestContext): void {
  context.res.writeHead(200, {
    'content-type': 'text/css; charset=utf-8',
    'content-length': Buffer.byteLength(SIGN_IN_CSS),
    'cache-control': 'public, max-age=3600',
  })
  context.res.end(SIGN_IN_CSS)
}
