import type { ConsoleMessage, Page } from '@playwright/test'

/*
 * On the lake the Studio sends nothing to sanity.io hosts (studio/lake/offlinePlugin.ts). Its
 * version check still logs an error when the page's guard refuses it; every other console error is
 * a problem, most likely in how the lake answers.
 */
const EXPECTED = [
  /^Failed to fetch version for package\b.*the Studio on the local lake makes no requests to/s,
]

export interface ConsoleProblem {
  text: string
  url: string
}

/**
 * Leaving a page, the Studio closes its presence socket on `beforeunload` and, in another
 * `beforeunload` listener, says goodbye on it; when the close runs first the browser logs this.
 * It is the Studio's own race while the page goes away, so it is excused only right after a navigation.
 */
const UNLOAD_RACE = /^WebSocket is already in CLOSING or CLOSED state\.$/
const UNLOAD_WINDOW_MS = 2_000

function isExpected(message: ConsoleMessage, sinceNavigationMs: number): boolean {
  if (UNLOAD_RACE.test(message.text())) return sinceNavigationMs < UNLOAD_WINDOW_MS
  return EXPECTED.some((pattern) => pattern.test(message.text()))
}

/**
 * Adds console errors and uncaught exceptions on `page` to `problems`, minus the refused version
 * check and the presence socket's goodbye as the page unloads.
 */
export function watchConsole(page: Page, problems: ConsoleProblem[]): void {
  let navigatedAt = Number.NEGATIVE_INFINITY
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigatedAt = Date.now()
  })
  page.on('console', (message) => {
    if (message.type() !== 'error' || isExpected(message, Date.now() - navigatedAt)) return
    problems.push({ text: message.text(), url: message.location().url })
  })
  page.on('pageerror', (error) => problems.push({ text: `uncaught: ${error.message}`, url: page.url() }))
}
