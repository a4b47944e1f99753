import type { BrowserContext, Page, TestInfo } from '@playwright/test'

const KEPT = 2_000
const URL_CHARS = 300

/**
 * A line for every request the test's pages made (with its answer or failure) and every console
 * message, kept in memory and attached only when the test fails. Far cheaper than a trace (which
 * the site's suite no longer records), and it says what a screenshot does not: whether the Studio was
 * still asking the lake for anything while a step waited, its listeners reconnecting, its warnings.
 */
export class RequestLog {
  readonly #lines: string[] = []
  readonly #started = Date.now()

  watch(context: BrowserContext): void {
    context.on('request', (request) => this.#add(`→ ${request.method()} ${request.url()}`))
    context.on('requestfinished', async (request) => {
      const response = await request.response().catch(() => null)
      this.#add(`← ${response?.status() ?? '?'} ${request.method()} ${request.url()}`)
    })
    context.on('requestfailed', (request) =>
      this.#add(`✗ ${request.failure()?.errorText ?? 'failed'} ${request.method()} ${request.url()}`),
    )
    const watchPage = (page: Page) =>
      page.on('console', (message) => this.#add(`console.${message.type()} ${message.text()}`))
    context.pages().forEach(watchPage)
    context.on('page', watchPage)
  }

  async attachIfFailed(testInfo: TestInfo): Promise<void> {
    if (testInfo.status === testInfo.expectedStatus) return
    await testInfo.attach('requests-and-console.txt', {
      body: this.#lines.join('\n'),
      contentType: 'text/plain',
    })
  }

  #add(line: string): void {
    const at = ((Date.now() - this.#started) / 1000).toFixed(1).padStart(6)
    this.#lines.push(`${at} s ${line.slice(0, URL_CHARS)}`)
    if (this.#lines.length > KEPT) this.#lines.shift()
  }
}
