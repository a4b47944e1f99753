import { parsePerspective } from '../groq/perspective.ts'
import { readJson } from './body.ts'
import { type RequestContext, sendJson } from './context.ts'
import { datasetOf, readerOf } from './datasetAccess.ts'
import { badRequest } from './errors.ts'

interface QueryRequest {
  query: string
  params: Record<string, unknown>
  perspective: string | string[] | undefined
}

/** `GET|POST /data/query/:dataset`: GROQ over a perspective, answered as `{query, result, ms}`. */
export async function handleQuery(context: RequestContext): Promise<void> {
  const started = performance.now()
  const request =
    context.req.method === 'POST' ? await fromBody(context) : fromSearch(context.url.searchParams)
  const perspective = parsePerspective(request.perspective)
  const { result, syncTags } = await datasetOf(context).query(
    request.query,
    request.params,
    perspective,
    readerOf(context),
  )
  const body: Record<string, unknown> = {
    result,
    syncTags,
    ms: Math.round((performance.now() - started) * 100) / 100,
  }
  if (context.url.searchParams.get('returnQuery') !== 'false') body.query = request.query
  sendJson(context.res, 200, body)
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
