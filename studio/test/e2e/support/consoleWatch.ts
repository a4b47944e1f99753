import type { ConsoleMessage, Page } from '@playwright/test'

/*
 * The Studio calls a few sanity.io hosts no matter where its content lives (version check,
 * feedback/intake probe, the bridge script, fonts). Offline those calls fail, which is expected
 * and harmless; every other console error is a problem, most likely in how the lake answers.
 */
const SANITY_HOSTS = /\b(?:[a-z0-9-]+\.)*(?:sanity\.io|sanity\.work|sanity-cdn\.(?:com|work))\b/i

// What those failures log without naming the host: the version check against sanity-cdn.com.
const SANITY_HOST_MESSAGES = [/^Failed to fetch version for package\b/]

export interface ConsoleProblem {
  text: string
  url: string
}

function isSanityHostFailure(message: ConsoleMessage): boolean {
  const text = message.text()
  return (
    SANITY_HOSTS.test(message.location().url) ||
    SANITY_HOSTS.test(text) ||
    SANITY_HOST_MESSAGES.some((pattern) => pattern.test(text))
  )
}

/** Adds console errors and uncaught exceptions on `page` to `problems`, minus the expected sanity.io failures. */
export function watchConsole(page: Page, problems: ConsoleProblem[]): void {
  page.on('console', (message) => {
    if (message.type() !== 'error' || isSanityHostFailure(message)) return
    problems.push({ text: message.text(), url: message.location().url })
  })
  page.on('pageerror', (error) => problems.push({ text: `uncaught: ${error.message}`, url: page.url() }))
}
