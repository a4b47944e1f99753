import type { LakeRequest } from './context.ts'
import { badRequest, LakeError } from './errors.ts'

/** Reads a request body, refusing more than `limit` bytes with a 413 rather than buffering it. */
export async function readBody(req: LakeRequest, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw tooLarge(limit)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

export async function readJson(req: LakeRequest, limit: number): Promise<unknown> {
  const body = await readBody(req, limit)
  if (body.length === 0) throw badRequest('Request body is empty; expected JSON')
  try {
    return JSON.parse(body.toString('utf8'))
  } catch (error) {
    throw badRequest(`Request body is not valid JSON: ${(error as Error).message}`, 'invalidJsonError')
  }
}

function tooLarge(limit: number): LakeError {
  return new LakeError(413, 'requestEntityTooLargeError', `Request body is larger than ${limit} bytes`)
}
