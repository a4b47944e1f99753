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

function isExpected(message: ConsoleMessage): boolean {
  return EXPECTED.some((pattern) => pattern.test(message.text()))
}

/** Adds console errors and uncaught exceptions on `page` to `problems`, minus the refused version check. */
export function watchConsole(page: Page, problems: ConsoleProblem[]): void {
  page.on('console', (message) => {
    if (message.type() !== 'error' || isExpected(message)) return
    problems.push({ text: message.text(), url: message.location().url })
  })
  page.on('pageerror', (error) => problems.push({ text: `uncaught: ${error.message}`, url: page.url() }))
}
