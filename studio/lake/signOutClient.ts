import { type ClientConfig, createClient, type SanityClient } from '@sanity/client'

/**
 * Studio 6.16 signs out (`POST /auth/logout`) with the token client it built when the page
 * loaded, and a cookie client (`createAuthStore.ts`, `logout`). After a sign-in in the same page,
 * that token client has no token; the lake's session cookie cannot help either, because the
 * Studio (http://localhost:3333) and the lake (https://local.localhost:4443) are different sites
 * and the cookie is `SameSite=Lax`. The lake would never hear of the sign-out, and the session
 * would live on until its idle limit.
 *
 * So on the lake the auth store's clients come from this factory: a client built without any
 * credential gets, whenever a request client is derived from it (`withConfig`, as the sign-out
 * does to drop the Studio's request handler), the token the Studio holds at that moment. Clients
 * built with a token or cookies, and derivations that set `token` themselves (the login screen's
 * credential-less provider request), are left exactly as the Studio made them.
 */
export function signOutClientFactory(projectId: string): (config: ClientConfig) => SanityClient {
  return (config) => {
    const client = createClient(config)
    return config.token || config.withCredentials ? client : withCurrentToken(client, projectId)
  }
}

function withCurrentToken(client: SanityClient, projectId: string): SanityClient {
  const derive = client.withConfig.bind(client)
  client.withConfig = (next?: Partial<ClientConfig>) => {
    const token = next && !('token' in next) ? storedToken(projectId) : undefined
    return derive(token ? { ...next, token, ignoreBrowserTokenWarning: true } : next)
  }
  return client
}

/** The token the Studio's auth store keeps for the project (`__studio_auth_token_<projectId>`: `{token}`). */
function storedToken(projectId: string): string | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(`__studio_auth_token_${projectId}`) ?? 'null') as {
      token?: unknown
    } | null
    return typeof stored?.token === 'string' ? stored.token : undefined
  } catch {
    return undefined
  }
}
