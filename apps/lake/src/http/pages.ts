import type { LakeResponse } from './context.ts'

/**
 * Sends one of the lake's own HTML pages with a policy of its own in place of the blanket
 * `sandbox`: no script at all, styles from the lake only, forms posting only to the lake (and to
 * the Studio the sign-in redirects to: Chromium applies `form-action` to a form's redirects),
 * never framed (clickjacking), never cached, and no Referer to other sites that could carry an
 * invite link on (`same-origin`, not `no-referrer`: with that, Chromium posts the page's own forms
 * with `Origin: null`, which the origin check rightly refuses).
 */
export function sendPage(
  res: LakeResponse,
  status: number,
  html: string,
  options: { formTarget?: string; headers?: Record<string, string> } = {},
): void {
  const formAction = ["'self'", ...(options.formTarget ? [new URL(options.formTarget).origin] : [])].join(' ')
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
    ...options.headers,
  })
  res.end(html)
}

/** A 303 after a form post, so reloading the next page does not post again. */
export function redirectAfterPost(res: LakeResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', 'referrer-policy': 'same-origin' })
  res.end()
}
