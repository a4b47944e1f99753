/// <reference types="vite/client" />
import { showLakeUnreachable } from './lakeUnreachableScreen.ts'

const RETRY_MS = 3_000
const PROBE_TIMEOUT_MS = 5_000

/**
 * Whether the lake's HTTPS origin answers at all. `no-cors`, because only the connection matters
 * here (TLS accepted, server listening): the Studio reports a CORS refusal itself, by name.
 */
async function lakeAnswers(apiHost: string): Promise<boolean> {
  try {
    await fetch(new URL('/health', apiHost), {
      mode: 'no-cors',
      cache: 'no-store',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    })
    return true
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * True in the Studio's browser bundle only. The CLI evaluates sanity.config.ts too, server-side
 * (Vite SSR, with browser stubs), where nothing must be probed or shown.
 */
export function inStudioBrowser(): boolean {
  return import.meta.env?.SSR === false
}

/**
 * Resolves once the lake at `apiHost` answers. Until then the page explains why the Studio cannot
 * start and how to fix it, instead of the Studio's hosted "Network error … status.sanity.io"
 * dialog, which the Studio shows for any unreachable API and which cannot be replaced.
 */
export async function waitForLake(apiHost: string): Promise<void> {
  if (await lakeAnswers(apiHost)) return
  const hide = showLakeUnreachable(apiHost)
  while (!(await lakeAnswers(apiHost))) await sleep(RETRY_MS)
  hide()
}
