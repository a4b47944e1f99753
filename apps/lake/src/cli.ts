#!/usr/bin/env node
import { existsSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ACCOUNTS_USAGE, runAccountsCommand } from './accounts/accountsCommands.ts'
import { backupCommand, restoreCommand } from './backup/backupCommands.ts'
import { prepareDataDir } from './backup/upgradeDataDir.ts'
import {
  appDataDir,
  callerDir,
  defaultDataDir,
  IN_REPOSITORY,
  type LakeConfig,
  loadConfig,
} from './config.ts'
import { openBrowser } from './exec/browser.ts'
import { execCommand } from './exec/execCommand.ts'
import { FunctionLog, functionLogFile } from './functions/functionLog.ts'
import { startFunctions } from './functions/startFunctions.ts'
import { Lake } from './lake.ts'
import { findTakenPorts, takenPortsLine } from './portHolder.ts'
import { seedIfEmpty } from './seed/seedIfEmpty.ts'
import { type RunningLake, startLake } from './server.ts'
import { sqliteBackend } from './store/sqliteStorage.ts'
import { ensureTlsMaterial } from './tls/certificates.ts'
import { isTrustedByNss, trustCa } from './tls/trustStores.ts'
import { DeliveryLog } from './webhooks/deliveryLog.ts'
import { deliveryLogFile } from './webhooks/startWebhooks.ts'

const USAGE = `Usage: lake [serve|seed|reset|trust|import <source>|export <file.tar.gz>|dataset create|delete|list|webhooks log|backup [--verify] <dir>|restore <dir>|users …|tokens …|exec -- <command>|browser [url]|functions log] [--data-dir DIR] [--dataset NAME] [--acl public|private] [--browsers-only] [--to TX|TIME] [--max-rate BYTES/S] [--name NAME] [--role ROLE]

  serve    start the lake (default): HTTP on LAKE_PORT (4000), HTTPS/HTTP2 on LAKE_TLS_PORT (4443)
  seed     import packages/dataset into the dataset if it is empty (creating it if missing)
  reset    delete every dataset and asset in the data dir (keeps the TLS certificate); the next start seeds again
  dataset create <name> [--acl private] | delete <name> | list   manage datasets (a dataset exists only once created)
  trust    make browsers trust the lake's local CA (NSS for Chromium/Firefox, and the system store;
           --browsers-only leaves the system store alone)
  import   import an .ndjson file, a folder holding one, or a .tar.gz export (\`sanity dataset import\` format)
  export   write the dataset as a .tar.gz in \`sanity dataset export\` format (documents + assets)
  webhooks log   the latest webhook delivery attempts
  backup <dir>   back up the data dir, served or stopped, into a new folder in <dir> (--max-rate 20M paces the file copies)
  backup --verify <dir>   restore a backup (or the newest in a folder of backups) into a temporary dir and check it
  restore <dir> --data-dir <new dir> [--to <transaction id | ISO time>]
           restore a backup into a new or empty data dir (the lake stopped), whole or not at all;
           --to takes it back to that transaction or time
  exec -- <command>   run a command (and every Node.js process it starts) with the lake standing in
           for Sanity's hosts (<projectId>.api.sanity.io, <projectId>.apicdn.sanity.io, api.sanity.io,
           cdn.sanity.io), in the folder this was typed in; starts a lake for it unless one runs, with
           the functions of the folder's sanity.blueprint.ts. Data dir: .lake/ in that folder
  browser [url]   open Chromium with Sanity's hosts mapped to the lake (same data dir as exec)
  functions log   the latest function invocations and their logs
${ACCOUNTS_USAGE}`

async function main(): Promise<void> {
  // `exec -- <command…>`: everything after the first `--` is the command's, options included.
  const separator = process.argv.indexOf('--', 2)
  const lakeArgs = separator < 0 ? process.argv.slice(2) : process.argv.slice(2, separator)
  const commandLine = separator < 0 ? [] : process.argv.slice(separator + 1)
  const { values, positionals } = parseArgs({
    args: lakeArgs,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      dataset: { type: 'string', default: 'production' },
      acl: { type: 'string', default: 'public' },
      'browsers-only': { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
      to: { type: 'string' },
      'max-rate': { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const dataDir = values['data-dir']
  const [command = 'serve', given] = positionals
  const forApp = APP_COMMANDS.has(command)
  const chosenDir = dataDir ? fromCaller(dataDir) : undefined
  const config = forApp
    ? appConfig(chosenDir)
    : loadConfig(process.env, chosenDir ? { dataDir: chosenDir } : {})
  const named = ['dataset', 'webhooks', 'users', 'tokens', 'functions', 'browser'].includes(command)
  const argument = given === undefined || named ? given : fromCaller(given)
  switch (command) {
    case 'serve':
      return serve(config)
    case 'seed': {
      const lake = await openLake(config)
      await seedIfEmpty(lake, values.dataset)
      lake.close()
      return
    }
    case 'dataset':
      return datasetCommand(await openLake(config), argument, positionals[2], values.acl)
    case 'reset':
      for (const path of ['datasets', 'assets', 'datasets.json'])
        rmSync(join(config.dataDir, path), { recursive: true, force: true })
      console.log(`lake: reset ${config.dataDir}; the next start seeds it again`)
      return
    case 'import': {
      if (!argument || !existsSync(argument)) throw new Error(`lake import: no such file "${argument ?? ''}"`)
      const lake = await openLake(config)
      const count = await importInto(lake, values.dataset, argument)
      lake.close()
      console.log(`lake: imported ${count} documents into "${values.dataset}"`)
      return
    }
    case 'export': {
      if (!argument) throw new Error('Usage: lake export <file.tar.gz>')
      const lake = await openLake(config)
      const { exportArchive } = await import('./transfer/exportDataset.ts')
      const count = await exportArchive(lake, values.dataset, argument)
      lake.close()
      console.log(
        `lake: exported ${count} documents and their assets from "${values.dataset}" to ${argument}`,
      )
      return
    }
    case 'trust': {
      const { caFile } = await ensureTlsMaterial(config.dataDir)
      for (const outcome of trustCa(caFile, { system: !values['browsers-only'] })) {
        console.log(
          `lake trust: ${outcome.store}: ${outcome.status}${outcome.detail ? ` (${outcome.detail})` : ''}`,
        )
      }
      console.log('lake trust: restart the browser to pick up the change')
      return
    }
    case 'users':
    case 'tokens':
      return runAccountsCommand(config, {
        command,
        action: argument,
        target: positionals[2],
        extra: positionals[3],
        name: values.name,
        role: values.role,
      })
    case 'webhooks': {
      if (argument !== 'log') throw new Error('Usage: lake webhooks log')
      const log = new DeliveryLog(deliveryLogFile(config.dataDir))
      for (const entry of log.recent()) {
        const result = entry.status ? `HTTP ${entry.status}` : entry.error
        console.log(
          `${entry.at}  ${entry.webhook}  ${entry.operation} ${entry.documentId}  tx ${entry.transactionId}  attempt ${entry.attempt}  ${result}${entry.error && entry.status ? ` (${entry.error})` : ''}  ${entry.durationMs} ms`,
        )
      }
      log.close()
      return
    }
    case 'backup':
      return backupCommand(config, argument, { verify: values.verify, maxRate: values['max-rate'] })
    case 'restore':
      return restoreCommand(config, argument, values.to)
    case 'exec':
      process.exitCode = await execCommand(config, commandLine, {
        // The app's functions run beside a lake exec starts, in the command's environment.
        companion: async (running, env) =>
          (await startFunctions(running.lake, { appDir: callerDir(), env })) ?? (async () => {}),
      })
      return
    case 'functions': {
      if (argument !== 'log') throw new Error('Usage: lake functions log')
      printFunctionRuns(config.dataDir)
      return
    }
    case 'browser':
      process.exitCode = await openBrowser(config, given, console.error)
      return
    default:
      throw new Error(`Unknown command "${command}"\n\n${USAGE}`)
  }
}

/** Commands for another app's lake, whose data dir is by default in the app's folder (config.ts, appDataDir). */
const APP_COMMANDS = new Set(['exec', 'browser', 'functions'])

/**
 * An app's lake (`exec`, `browser`, `functions`) keeps its data in the app's folder unless told
 * otherwise (--data-dir, LAKE_DATA_DIR). Unless it is this repository's own lake, it starts with
 * an empty first dataset, as a new hosted project does, and calls no webhook unless its
 * lake.config.json names one (the default one revalidates this repository's site).
 */
function appConfig(chosenDir: string | undefined): LakeConfig {
  const { env } = process
  const dataDir = resolve(chosenDir ?? env.LAKE_DATA_DIR ?? appDataDir(env))
  if (IN_REPOSITORY && dataDir === defaultDataDir(env)) return loadConfig(env, { dataDir })
  return loadConfig(
    { ...env, LAKE_WEBHOOKS: env.LAKE_WEBHOOKS ?? '0' },
    { dataDir, ...(env.LAKE_SEED ? {} : { seed: false }) },
  )
}

/** `lake functions log`: the latest invocations, each with what the function printed. */
function printFunctionRuns(dataDir: string): void {
  const log = new FunctionLog(functionLogFile(dataDir))
  for (const run of log.recent()) {
    const outcome = run.ok ? 'ok' : `failed: ${run.error}`
    console.log(
      `${run.at}  ${run.function}  ${run.dataset}  tx ${run.transactionId}  ${run.subject}  attempt ${run.attempt}  ${outcome}  ${run.durationMs} ms`,
    )
    for (const line of run.logs.trimEnd().split('\n').filter(Boolean)) console.log(`    ${line}`)
  }
  log.close()
}

/** The data dir's lake for a one-off command, on the same SQLite files `serve` uses, in a format it reads. */
async function openLake(config: LakeConfig): Promise<Lake> {
  await prepareDataDir(config.dataDir, config.backup.dir, console.log)
  return new Lake(config, sqliteBackend(config.dataDir))
}

/**
 * A path as the user meant it: npm runs scripts in the package's folder, not where the command
 * was typed (INIT_CWD), so `npm run lake -- import ./story.ndjson` works from anywhere.
 */
function fromCaller(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path)
}

/** Imports into an existing dataset, or creates it with the import as its content, all or nothing. */
async function importInto(lake: Lake, name: string, source: string): Promise<number> {
  // tar and sharp are for imports and exports: `serve` never loads them unless asked.
  const { importSource } = await import('./transfer/importSource.ts')
  if (lake.hasDataset(name)) return importSource(lake, lake.dataset(name), source)
  let count = 0
  await lake.createDataset(name, 'public', async (dataset) => {
    count = await importSource(lake, dataset, source)
  })
  return count
}

async function datasetCommand(
  lake: Lake,
  action: string | undefined,
  name: string | undefined,
  acl: string | undefined,
) {
  try {
    if (action === 'list') {
      for (const info of lake.registry.list()) console.log(`${info.name}\t${info.aclMode}\t${info.createdAt}`)
      return
    }
    if (!name || (action !== 'create' && action !== 'delete'))
      throw new Error('Usage: lake dataset create|delete <name> | list')
    if (action === 'delete') {
      lake.deleteDataset(name)
      return console.log(`lake: deleted dataset "${name}"`)
    }
    if (acl !== 'public' && acl !== 'private') throw new Error('--acl must be public or private')
    await lake.createDataset(name, acl)
    console.log(`lake: created ${acl} dataset "${name}"`)
  } finally {
    lake.close()
  }
}

/** Starts the lake; a port already in use is one line naming it, its holder and the way out. */
async function listenOrExplain(config: LakeConfig): Promise<RunningLake> {
  try {
    return await startLake(config)
  } catch (error) {
    const { code, port } = error as NodeJS.ErrnoException & { port?: number }
    if (code !== 'EADDRINUSE' || port === undefined) throw error
    const variable = port === config.tlsPort ? 'LAKE_TLS_PORT' : 'LAKE_PORT'
    const taken = await findTakenPorts({ [variable]: port })
    if (taken.length === 0) throw error
    throw new Error(takenPortsLine(taken, 'npm run lake'))
  }
}

/** Whether this machine's browsers trust the lake's CA, and if not the one command that fixes it. */
function caTrustLines(tls: RunningLake['tls']): string {
  if (isTrustedByNss(tls.caFile)) return '  browsers      trust this CA: the Studio can reach the lake'
  return `  browsers      do not trust this CA yet, so the Studio cannot reach the lake. Fix, once per data dir:
                npm run trust, then restart the browser
                (or start Chromium with --ignore-certificate-errors-spki-list=${tls.spkiHash})`
}

function devIdentityLine({ lake }: RunningLake): string {
  if (lake.devIdentityOn) {
    const until = lake.config.devIdentity === 'untilAccounts' ? ' (until the first account is added)' : ''
    return `on: loopback callers without a token act as an administrator${until}`
  }
  return lake.accounts.store.hasAccounts() ? 'off: people sign in with their accounts' : 'off'
}

/**
 * Where browsers reach the lake: behind a reverse proxy, its public address (whose certificate
 * is the proxy's); else its own HTTPS port and the CA browsers must trust for it.
 */
function browserLines(config: LakeConfig, running: RunningLake): string {
  if (config.publicUrl) {
    const { protocol, host } = new URL(config.publicUrl)
    return `  public        ${new URL(config.publicUrl).origin}  (behind a reverse proxy; the Studio calls ${protocol}//${config.projectId}.${host})`
  }
  return `  HTTPS/HTTP2   ${running.httpsUrl}  (the Studio calls https://${config.projectId}.localhost:${new URL(running.httpsUrl).port})
  TLS CA        ${running.tls.caFile}
${caTrustLines(running.tls)}`
}

async function serve(config: LakeConfig): Promise<void> {
  const running = await listenOrExplain(config)
  console.log(`lake: serving ${config.dataDir}
  HTTP          ${running.httpUrl}   (server-side clients: useProjectHostname: false)
${browserLines(config, running)}
  dev identity  ${devIdentityLine(running)}`)
  // A second Ctrl-C or SIGTERM while the requests in flight finish ends the lake at once.
  const stop = async () => {
    await running.close()
    console.log('lake: stopped')
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().then(
  () => {
    // exec and browser leave their exit code; every other command has ended its work.
    if (process.exitCode !== undefined) process.exit()
  },
  (error: unknown) => {
    console.error(`lake: ${(error as Error).message}`)
    process.exit(1)
  },
)
