import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The stylesheet, served from the lake itself so the pages' policy can forbid every other source. */
export const SIGN_IN_CSS = readFileSync(join(import.meta.dirname, 'signInPages.css'), 'utf8')
export const SIGN_IN_CSS_PATH = '/auth/pages.css'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for HTML content and quoted attributes: nothing a person typed can become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character)
}

/** A problem to show: an error (`role="alert"`, focused at load so it is read first) or a plain notice. */
export interface PageMessage {
  text: string
  tone: 'error' | 'done'
}

function page(title: string, message: PageMessage | undefined, body: string): string {
  const error = message?.tone === 'error'
  // No script runs here: the error is announced as an alert and, with `autofocus`, read first.
  const notice = message
    ? `<div id="message" class="message ${message.tone}" ${error ? 'role="alert" tabindex="-1" autofocus' : 'role="status"'}>${escapeHtml(message.text)}</div>`
    : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${error ? 'Error: ' : ''}${escapeHtml(title)} · Slideshow stories</title>
<link rel="stylesheet" href="${SIGN_IN_CSS_PATH}">
</head>
<body>
<main>
${notice}
${body}
</main>
</body>
</html>
`
}

function describedBy(message: PageMessage | undefined): string {
  return message?.tone === 'error' ? ' aria-describedby="message" aria-invalid="true"' : ''
}

export interface SignInForm {
  /** The Studio address to return to, as the Studio gave it (checked against the allow-list). */
  origin: string
  email?: string
  message?: PageMessage
}

/** Email and password; the Studio's address rides along in a hidden field. */
export function signInPage(form: SignInForm): string {
  const studio = new URL(form.origin).host
  return page(
    'Sign in',
    form.message,
    `<h1>Sign in</h1>
<p class="lead">to edit stories in the Studio at ${escapeHtml(studio)}</p>
<form method="post" action="/auth/login">
<input type="hidden" name="origin" value="${escapeHtml(form.origin)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(form.email ?? '')}"${describedBy(form.message)}${form.message ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy(form.message)}>
<button type="submit">Sign in</button>
</form>`,
  )
}

/** Sign-in cannot start (an origin off the allow-list, a broken link): the reason, and no form. */
export function signInRefusedPage(text: string): string {
  return page('Sign in', { text, tone: 'error' }, '<h1>Sign in</h1>')
}

export interface InviteForm {
  token: string
  email: string
  name: string
  message?: PageMessage
}

/** Where an invited person chooses a password. */
export function invitePage(form: InviteForm): string {
  return page(
    'Choose a password',
    form.message,
    `<h1>Welcome, ${escapeHtml(form.name)}</h1>
<p class="lead">Choose a password for ${escapeHtml(form.email)}.</p>
<form method="post" action="/auth/invite">
<input type="hidden" name="token" value="${escapeHtml(form.token)}">
<input type="email" name="email" autocomplete="username" value="${escapeHtml(form.email)}" hidden readonly>
<label for="password">New password</label>
<p class="hint" id="password-hint">At least 12 characters. A few unrelated words make a good one; common passwords are refused.</p>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" ${passwordDescription(form.message)}>
<button type="submit">Set password</button>
</form>`,
  )
}

/** The hint always describes the field; an error, when there is one, too, and marks it invalid. */
function passwordDescription(message: PageMessage | undefined): string {
  if (message?.tone === 'error') return 'aria-describedby="password-hint message" aria-invalid="true"'
  return `aria-describedby="password-hint"${message ? '' : ' autofocus'}`
}

/** After the password is set: where to go next. */
export function passwordSetPage(studioUrl: string | undefined): string {
  const next = studioUrl
    ? `<p><a href="${escapeHtml(studioUrl)}">Open the Studio</a> and choose <strong>Sign in</strong>.</p>`
    : '<p>Open the Studio and choose <strong>Sign in</strong>.</p>'
  return page(
    'Password set',
    { text: 'Your password is set.', tone: 'done' },
    `<h1>You are all set</h1>\n${next}`,
  )
}

/** An invite link that was used, expired or replaced. */
export function inviteInvalidPage(): string {
  return page(
    'Invite',
    {
      text: 'This invite link has expired or was already used. Ask an administrator for a new one.',
      tone: 'error',
    },
    '<h1>Invite</h1>',
  )
}
