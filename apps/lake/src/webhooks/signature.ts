import { createHmac } from 'node:crypto'

/**
 * The `sanity-webhook-signature` header: `t=<ms>,v1=<base64url HMAC-SHA256(secret, "<t>.<body>")>`,
 * the format `@sanity/webhook` (and so `next-sanity/webhook`'s parseBody) verifies.
 */
export function signatureHeader(body: string, secret: string, timestamp = Date.now()): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('base64url')
  return `t=${timestamp},v1=${signature}`
}
