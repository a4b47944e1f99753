import { checkBuilds } from './builds.ts'
import { envFilePath, type ProductionSettings, readSettings } from './settings.ts'
import { missingTools } from './tools.ts'

/** Prints every problem, one line each, under the command's name, and exits 1. */
export function refuse(command: string, problems: string[]): never {
  console.error(`${command}: cannot start the production set:`)
  for (const problem of problems) console.error(`  - ${problem}`)
  process.exit(1)
}

/** The settings of `.env.production`, or every problem with it and the exit. */
export function settingsOrExit(command: string): ProductionSettings {
  const result = readSettings(envFilePath())
  if ('problems' in result) refuse(command, result.problems)
  return result.settings
}

/**
 * What a start needs besides the settings: the programs (Caddy, Varnish) and builds made for
 * these names. Warnings are printed; refusals end the start.
 */
export function checkReadyToServe(command: string, settings: ProductionSettings, needTools: boolean): void {
  const builds = checkBuilds(settings)
  for (const warning of builds.warnings) console.warn(`${command}: ${warning}`)
  const problems = [...(needTools ? missingTools() : []), ...builds.refusals]
  if (problems.length > 0) refuse(command, problems)
}
