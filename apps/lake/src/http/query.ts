import { badRequest } from '../errors.ts'
import { parsePerspective } from '../groq/perspective.ts'
import { assertQuerySize } from '../groq/queryErrors.ts'
import { sourceMapModeOf } from '../groq/sourceMap/mode.ts'
import { readJson } from './body.ts'
import type { LakeResponse, RequestContext } from './context.ts'
import { datasetOf, readerOf } from './datasetAccess.ts'

interface QueryRequest {
  query: string
  params: Record<string, unknown>
  perspective: string | string[] | undefined
}

/**
 * `GET|POST /data/query/:dataset`: GROQ over a perspective, answered as `{query, result, ms}`,
 * plus `resultSourceMap` when asked (a URL parameter for POST too, as @sanity/client sends it).
 * The query runs in a query worker, with a timeout, after its text passed the size cap.
 */
export async function handleQuery(context: RequestContext): Promise<void> {
  const started = performance.now()
  const { config } = context.lake
  const post = context.req.method === 'POST'
  const request = post ? await fromBody(context) : fromSearch(context.url.searchParams)
  assertQuerySize(
    request.query,
    post ? 'POST' : 'GET',
    post ? config.maxPostQueryBytes : config.maxGetQueryBytes,
  )
  const perspective = parsePerspective(request.perspective)
  const sourceMap = sourceMapModeOf(context.url.searchParams.get('resultSourceMap'))
  const { resultJson, syncTags, sourceMapJson } = await datasetOf(context).query(
    request.query,
    request.params,
    perspective,
    readerOf(context),
    sourceMap,
  )
  const ms = Math.round((performance.now() - started) * 100) / 100
  const echo = context.url.searchParams.get('returnQuery') !== 'false'
  // The worker sent the result as JSON text: spliced in, not parsed and serialised again here.
  const map = sourceMapJson === undefined ? '' : `,"resultSourceMap":${sourceMapJson}`
  const payload = `{"result":${resultJson}${map},"syncTags":${JSON.stringify(syncTags)},"ms":${ms}${echo ? `,"query":${JSON.stringify(request.query)}` : ''}}`
  sendPayload(context.res, payload)
}

function sendPayload(res: LakeResponse, payload: string): void {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  })
  res.end(payload)
}

function fromSearch(search: URLSearchParams): QueryRequest {
  const query = search.get('query')
  if (query === null) throw badRequest('Missing "query" parameter', 'queryParseError')
  const params: Record<string, unknown> = {}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    params[key.slice(1)] = parseParam(key, value)
  }
  return { query, params, perspective: search.get('perspective') ?? undefined }
}

async function fromBody(context: RequestContext): Promise<QueryRequest> {
  const body = await readJson(context.req, context.lake.config.maxBodyBytes)
  if (typeof body !== 'object' || body === null || typeof (body as { query?: unknown }).query !== 'string') {
    throw badRequest('Expected a JSON body {"query": string, "params"?: object}', 'queryParseError')
  }
  const { query, params, perspective } = body as { query: string; params?: unknown; perspective?: unknown }
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw badRequest('"params" must be an object', 'queryParseError')
  }
  const fromBodyPerspective =
    typeof perspective === 'string' || Array.isArray(perspective) ? perspective : undefined
  return {
    query,
    params: (params ?? {}) as Record<string, unknown>,
    perspective:
      context.url.searchParams.get('perspective') ?? (fromBodyPerspective as string | string[] | undefined),
  }
}

function parseParam(key: string, value: string): unknown {
  try {
    return JSON.parse(value)
  } catch {
    throw badRequest(`Parameter "${key}" is not valid JSON`, 'queryParseError')
  }
}
