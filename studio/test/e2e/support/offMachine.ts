import type { BrowserContext, Page } from '@playwright/test'

// The names that always mean this machine (the lake's own Host policy uses the same list).
function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname) ||
    hostname === '[::1]'
  )
}

/** Whether a request to `url` would leave this machine. data:, blob: and about: URLs go nowhere. */
export function leavesMachine(url: string): boolean {
  const { protocol, hostname } = new URL(url)
  return ['http:', 'https:', 'ws:', 'wss:'].includes(protocol) && !isLoopbackHost(hostname)
}

/**
 * Adds to `into` the URL of every request any page in `context` makes to another machine,
 * including those that then fail: the tests resolve no name but localhost, so a request to a
 * hosted service shows up here rather than as a slow page.
 */
export function recordOffMachineRequests(context: BrowserContext, into: string[]): void {
  const record = (url: string) => {
    if (leavesMachine(url)) into.push(url)
  }
  context.on('request', (request) => record(request.url()))
  // WebSockets are not requests to Playwright; pages report them.
  const watchSockets = (page: Page) => page.on('websocket', (socket) => record(socket.url()))
  context.pages().forEach(watchSockets)
  context.on('page', watchSockets)
}
