/**
 * How every suite launches Chromium: Debian's build (CHROME_PATH overrides it), not one
 * Playwright downloads, headless, and quiet: no sandbox (it needs user namespaces a container may not grant), no GPU,
 * and none of the background traffic (updates, sync) that would add requests to what a test counts.
 */
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium'

export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Playwright's `launchOptions` (also `chromium.launch`'s), with a suite's own flags after the shared ones. */
export function chromiumLaunchOptions(extraFlags: readonly string[] = []): {
  executablePath: string
  args: string[]
} {
  return { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS, ...extraFlags] }
}
