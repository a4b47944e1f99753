import { badRequest, bodyTooLarge } from '../errors.ts'
import type { LakeRequest } from './context.ts'

/**
 * Reads a request body, refusing more than `limit` bytes with a 413 rather than buffering it.
 * Listens for the stream's events: every write reads a body, and an async iterator over the
 * request cost more than the rest of reading it.
 */
export function readBody(req: LakeRequest, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(bodyTooLarge(limit))
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const settle = (error?: unknown) => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', settle)
      req.off('close', onClose)
      if (error) reject(error)
      else resolve(Buffer.concat(chunks, size))
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        // Refused, not buffered: the rest of the body is never read.
        req.destroy()
        settle(bodyTooLarge(limit))
      } else chunks.push(chunk)
    }
    const onEnd = () => settle()
    const onClose = () => settle(new Error('The request closed before its body was read'))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', settle)
    req.on('close', onClose)
  })
}

/**
 * Documents nest, but not without end: a cap on depth keeps every recursive step after parsing
 * (patching, key generation, GROQ, serialising) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 100

function depthOf(value: unknown, limit: number): number {
  const stack: Array<[unknown, number]> = [[value, 1]]
  let deepest = 0
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number]
    if (typeof current !== 'object' || current === null) continue
    deepest = Math.max(deepest, depth)
    if (deepest > limit) return deepest
    for (const child of Object.values(current)) stack.push([child, depth + 1])
  }
  return deepest
}

export async function readJson(req: LakeRequest, limit: number): Promise<unknown> {
  const body = await readBody(req, limit)
  if (body.length === 0) throw badRequest('Request body is empty; expected JSON')
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
  } catch (error) {
    throw badRequest(`Request body is not valid JSON: ${(error as Error).message}`, 'invalidJsonError')
  }
  if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw badRequest(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`, 'invalidJsonError')
  }
  return value
}
