/*
 * The secrets this run's lake and site share: made at random by the global setup, as a deployment
 * must configure its own (nothing is built in), and handed to the test workers through the env.
 */

function fromSetup(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm run test:e2e\` (global setup)`)
  return value
}

export const previewSecret = (): string => fromSetup('E2E_PREVIEW_SECRET')
export const revalidateSecret = (): string => fromSetup('E2E_REVALIDATE_SECRET')
