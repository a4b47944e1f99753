/*
 * What the global setup started, handed to the test workers through the environment (workers are
 * forked after it ran). Read lazily so a missing value names the variable instead of failing at import.
 */

function required(name: string): string {
  const value = process.env[name]
  if (!value)
    throw new Error(`${name} is not set: run the suite with \`npm run test:e2e -w @slideshow/studio\``)
  return value
}

export const runEnv = {
  get studioUrl() {
    return required('STUDIO_E2E_STUDIO_URL')
  },
  /** The lake's plain-HTTP address, for checks made from the test process. */
  get lakeUrl() {
    return required('STUDIO_E2E_LAKE_URL')
  },
  /** base64 SHA-256 of the lake's TLS key, which Chromium is told to accept. */
  get spkiHash() {
    return required('STUDIO_E2E_SPKI')
  },
  /** The reader site, or undefined when it is not part of this run (see `siteSkip`). */
  get siteUrl() {
    return process.env.STUDIO_E2E_SITE_URL || undefined
  },
  /** The lake's data dir, for `npm run lake -- users …` against the running lake. */
  get lakeDataDir() {
    return required('STUDIO_E2E_LAKE_DATA_DIR')
  },
  get lakeTlsPort() {
    return required('STUDIO_E2E_LAKE_TLS_PORT')
  },
  /** An administrator token of the lake's (its data dir's CLI token). */
  get adminToken() {
    return required('STUDIO_E2E_ADMIN_TOKEN')
  },
  get siteSkip() {
    return process.env.STUDIO_E2E_SITE_SKIP ?? ''
  },
}
