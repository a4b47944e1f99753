/**
 * Refuses, inside the page, every `fetch` to a host that `hostnamePattern` matches, before any
 * request is made. The Studio has no switch for two calls it makes on every load: the version
 * check (`PackageVersionStatusProvider`, sanity-cdn.com) and the feedback probe
 * (`useFeedbackAvailable`, api.sanity.io/vX/intake/feedback). Both treat a failed fetch as "no
 * answer": no update notice, no feedback menu item.
 *
 * It is inlined into index.html as source text (`toString()`), ahead of the Studio's scripts, so it
 * must stay self-contained: no imports and nothing from the enclosing module.
 */
export function refuseHostedFetches(hostnamePattern: string): void {
  const hosted = new RegExp(hostnamePattern, 'i')
  const nativeFetch = window.fetch.bind(window)
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href)
    if (!hosted.test(url.hostname)) return nativeFetch(input, init)
    return Promise.reject(
      new TypeError(`Not sent: the Studio on the local lake makes no requests to ${url.origin}`),
    )
  }
}

/** The guard as an inline script for `hostnamePattern` (a RegExp's source). */
export function hostedFetchGuardScript(hostnamePattern: string): string {
  return `<script>(${refuseHostedFetches.toString()})(${JSON.stringify(hostnamePattern)})</script>`
}
