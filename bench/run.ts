// `npm run bench`: starts everything it measures (a seeded lake, the site built and served with
// `next start`, the cache tier from deploy/, nginx for the static baseline), measures, stops it
// all, and writes bench/report.md and bench/report.json. Loopback only. See bench/README.md.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { measureBuilds } from './lib/buildScale.ts'
import { startCache } from './lib/cache.ts'
import { firstView } from './lib/firstView.ts'
import { measureInstances } from './lib/instances.ts'
import { idleRss, STORY_ID, STORY_SLUG, startLake } from './lib/lake.ts'
import {
  type BackupBench,
  type ImagesBench,
  type QueryBench,
  runLakeBench,
  type SearchBench,
  type WritesBench,
} from './lib/lakeBench.ts'
import { type LighthouseSample, type Preset, runOnce, summarize, withChrome } from './lib/lighthouse.ts'
import { startStaticNginx } from './lib/nginx.ts'
import { BENCH_DIR, TMP_DIR } from './lib/paths.ts'
import { measurePreviewLatency } from './lib/previewLatency.ts'
import { cpuSeconds, freePort, sampleMemory, stopAll } from './lib/proc.ts'
import { measurePublishToLive, type PublishEdit } from './lib/publish.ts'
import {
  type BenchReport,
  renderMarkdown,
  summarizePreview,
  summarizePublishes,
  summarizeScheduled,
  type ThroughputRow,
} from './lib/report.ts'
import { measureScheduledPublish } from './lib/scheduledPublish.ts'
import { buildSite, siteEnv, snapshotSite, startSite } from './lib/site.ts'
import { ensureTools, machine } from './lib/tools.ts'
import { pageWeight } from './lib/weight.ts'
import { wrk } from './lib/wrk.ts'

const env = process.env
const numberEnv = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback)
const config = {
  budgetMinutes: numberEnv('BENCH_BUDGET_MINUTES', 18),
  wrkSeconds: numberEnv('BENCH_DURATION', 8),
  wrkConnections: numberEnv('BENCH_CONNECTIONS', 32),
  lightSeconds: numberEnv('BENCH_LIGHT_DURATION', 5),
  lightConnections: numberEnv('BENCH_LIGHT_CONNECTIONS', 4),
  wrkThreads: numberEnv('BENCH_THREADS', 2),
  publishes: numberEnv('BENCH_PUBLISHES', 20),
  /** Title publishes re-render every page of the story: fewer of them fit the budget. */
  titlePublishes: numberEnv('BENCH_TITLE_PUBLISHES', 8),
  schedules: numberEnv('BENCH_SCHEDULES', 10),
  scheduleLeadMs: numberEnv('BENCH_SCHEDULE_LEAD_MS', 2000),
  previewEdits: numberEnv('BENCH_PREVIEW_EDITS', 20),
  lighthouseRuns: numberEnv('BENCH_LH_RUNS', 5),
  /** Lighthouse takes at least this many runs per page and preset, however short the budget. */
  lighthouseMinRuns: Math.min(3, numberEnv('BENCH_LH_RUNS', 5)),
  buildStories: (env.BENCH_BUILD_STORIES ?? '1,100,1000')
    .split(',')
    .map(Number)
    .filter((count) => count > 0),
  lakeQuerySizes: env.BENCH_SIZES ?? '1000,10000,100000',
  /** Development: run only these phases (comma-separated); the report marks the rest as skipped. */
  phases: env.BENCH_PHASES?.split(',').map((phase) => phase.trim()),
}

const began = performance.now()
const deadline = began + config.budgetMinutes * 60_000

const SLIDE_PATH = `/stories/${STORY_SLUG}/1`
const STORY_PATH = `/stories/${STORY_SLUG}`
const PERSON_PATH = '/people/alec-baldwin'
/** Publishes in the warm-up before the publish series (phase publish), besides the untimed first and the restoring one. */
const WARM_UP_PUBLISHES = 2

const LIGHTHOUSE_PAGES = [
  { name: 'home', path: '/' },
  { name: 'story', path: STORY_PATH },
  { name: 'slide', path: SLIDE_PATH },
  { name: 'person', path: PERSON_PATH },
]
const LIGHTHOUSE_PRESETS: Preset[] = ['desktop', 'mobile']
/** Seconds Lighthouse needs for its least runs (about 8 s a run here, and Chromium's start). */
const lighthouseReserveSeconds = () =>
  LIGHTHOUSE_PAGES.length * LIGHTHOUSE_PRESETS.length * config.lighthouseMinRuns * 8 + 20
const runDir = join(TMP_DIR, 'run')
rmSync(runDir, { recursive: true, force: true })
mkdirSync(runDir, { recursive: true })
const benchLog = join(runDir, 'bench.log')
const log = (line: string) => {
  console.log(line)
  appendFileSync(benchLog, `${new Date().toISOString()} ${line}\n`)
}
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0)} s`

const stopEverything = async (signal: string) => {
  log(`bench: ${signal}, stopping what it started`)
  await stopAll()
  process.exit(130)
}
process.once('SIGINT', () => void stopEverything('SIGINT'))
process.once('SIGTERM', () => void stopEverything('SIGTERM'))

try {
  ensureTools(log)
} catch (error) {
  log((error as Error).message)
  process.exit(1)
}

const report: BenchReport = {
  when: new Date().toISOString(),
  wallSeconds: 0,
  machine: machine(),
  config: { ...config, phases: config.phases ?? 'all' },
  phases: {},
  notes: [],
}

/** Runs a phase, timing it; a failure is recorded in the report and the run goes on. */
async function phase(name: string, work: () => Promise<void>): Promise<void> {
  if (config.phases && !config.phases.includes(name)) {
    report.phases[name] = { status: 'skipped', seconds: 0 }
    return
  }
  log(`bench: ${name} (at ${elapsed()})`)
  const start = performance.now()
  try {
    await work()
    report.phases[name] = { status: 'ok', seconds: (performance.now() - start) / 1000 }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    log(`bench: ${name} FAILED: ${message}`)
    report.phases[name] = { status: 'failed', seconds: (performance.now() - start) / 1000, error: message }
  }
}

try {
  // --- the stack: lake → next build → next start → cache → static nginx ---
  const sitePort = await freePort()
  const cachePort = await freePort()
  const siteUrl = `http://127.0.0.1:${sitePort}`
  log('bench: starting a seeded lake')
  const lake = await startLake(join(runDir, 'lake'), join(runDir, 'lake.log'), siteUrl)
  // Before anything reads from it: the lake as a fresh `npm run lake` leaves it.
  report.memory = { lakeIdle: await idleRss(lake) }
  log(
    `bench: lake idle RSS ${((report.memory.lakeIdle?.rssBytes ?? 0) / 1048576).toFixed(0)} MB after its first start`,
  )
  const webDir = snapshotSite(join(runDir, 'site'), { sourceMaps: true })
  const webEnv = siteEnv(lake.url, siteUrl, { CACHE_PURGE_URL: `http://127.0.0.1:${cachePort}` })
  log(`bench: next build (the Baldwin story) at ${elapsed()}`)
  const build = await buildSite(webDir, webEnv, join(runDir, 'next-build.log'))
  report.mainBuild = {
    seconds: build.seconds,
    staticPages: build.staticPages,
    peakRssBytes: build.peakRssBytes,
  }
  const site = await startSite(webDir, webEnv, join(runDir, 'next-start.log'), sitePort)
  const cache = await startCache(join(runDir, 'cache'), cachePort, siteUrl)
  const html = async (path: string) =>
    Buffer.from(
      await (await fetch(`${siteUrl}${path}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer(),
    )
  const nginx = await startStaticNginx(join(runDir, 'nginx'), {
    'slide.html': await html(SLIDE_PATH),
    'story.html': await html(STORY_PATH),
    'status.html': await html('/status'),
  })
  log(
    `bench: stack up at ${elapsed()}: site ${siteUrl}, cache ${cache.url}, nginx ${nginx.url}, lake ${lake.url}`,
  )
  report.phases.setup = { status: 'ok', seconds: (performance.now() - began) / 1000 }

  await phase('weight', async () => {
    report.weight = {
      slide: await pageWeight(siteUrl, SLIDE_PATH, webDir),
      story: await pageWeight(siteUrl, STORY_PATH, webDir),
      status: await pageWeight(siteUrl, '/status', webDir),
    }
    report.firstView = {
      slide: await firstView(`${siteUrl}${SLIDE_PATH}`),
      story: await firstView(`${siteUrl}${STORY_PATH}`),
    }
  })
  // The source maps were for the attribution above; from here on the site serves what production does.
  removeSourceMaps(webDir)

  await phase('throughput', async () => {
    const targets: Array<Omit<ThroughputRow, 'saturated' | 'light'>> = [
      {
        id: 'static-slide',
        label: 'slide page HTML as a static file',
        server: 'nginx',
        url: `${nginx.url}/slide.html`,
      },
      {
        id: 'static-story',
        label: 'story page HTML as a static file',
        server: 'nginx',
        url: `${nginx.url}/story.html`,
      },
      {
        id: 'next-status',
        label: '/status (framework floor)',
        server: 'next start',
        url: `${siteUrl}/status`,
      },
      {
        id: 'next-slide',
        label: 'slide page (cached ISR)',
        server: 'next start',
        url: `${siteUrl}${SLIDE_PATH}`,
      },
      {
        id: 'next-story',
        label: 'whole-story page (cached ISR)',
        server: 'next start',
        url: `${siteUrl}${STORY_PATH}`,
      },
      {
        id: 'cache-slide',
        label: 'slide page through the cache',
        server: 'varnish',
        url: `${cache.url}${SLIDE_PATH}`,
      },
      {
        id: 'cache-story',
        label: 'whole-story page through the cache',
        server: 'varnish',
        url: `${cache.url}${STORY_PATH}`,
      },
    ]
    const siteMemory = sampleMemory(site.process.pid)
    const lakeMemory = sampleMemory(lake.process.pid)
    const cacheMemory = sampleMemory(cache.process.pid)
    const rows: ThroughputRow[] = []
    for (const target of targets) {
      await wrk(target.url, { connections: config.wrkConnections, threads: config.wrkThreads, seconds: 2 })
      const saturated = await wrk(target.url, {
        connections: config.wrkConnections,
        threads: config.wrkThreads,
        seconds: config.wrkSeconds,
      })
      const light = await wrk(target.url, {
        connections: config.lightConnections,
        threads: Math.min(config.wrkThreads, config.lightConnections),
        seconds: config.lightSeconds,
      })
      log(
        `bench:   ${target.id}: ${saturated.requestsPerSecond.toFixed(0)} req/s, p99 ${saturated.latencyMs.p99.toFixed(1)} ms; light p99 ${light.latencyMs.p99.toFixed(2)} ms; errors ${saturated.errors + light.errors}`,
      )
      rows.push({ ...target, saturated, light })
    }
    report.throughput = rows
    report.memory = {
      ...report.memory,
      throughput: { site: siteMemory.stop(), lake: lakeMemory.stop(), cache: cacheMemory.stop() },
    }
  })

  await phase('publish', async () => {
    const siteMemory = sampleMemory(site.process.pid)
    const lakeMemory = sampleMemory(lake.process.pid)
    const common = {
      lakeUrl: lake.url,
      storyId: STORY_ID,
      slidePath: SLIDE_PATH,
      storyPath: STORY_PATH,
      siteLog: site.process.log,
    }
    const cpu = () => ({
      site: cpuSeconds(site.process.pid),
      lake: cpuSeconds(lake.process.pid),
      cache: cpuSeconds(cache.process.pid),
    })
    /** One series: its samples and the CPU per publish, the untimed first one and the restoring one included. */
    const series = async (edit: PublishEdit, readerBase: string, publishes: number) => {
      const before = cpu()
      const samples = await measurePublishToLive({ ...common, edit, readerBase, publishes })
      const after = cpu()
      const perPublish = (from: number, to: number) => ((to - from) * 1000) / (publishes + 2)
      return {
        ...summarizePublishes(samples),
        cpuPerPublish: {
          siteMs: perPublish(before.site, after.site),
          lakeMs: perPublish(before.lake, after.lake),
          cacheMs: perPublish(before.cache, after.cache),
        },
      }
    }
    // The first publishes after `next start` load and compile the code that revalidates and
    // renders pages: seconds of CPU once per process, not per publish (the first series would
    // otherwise carry it). A few publishes first, neither timed nor counted; their CPU is reported
    // apart. measurePublishToLive adds an untimed first publish and the restoring one.
    const warmUpStart = cpu()
    await measurePublishToLive({
      ...common,
      edit: 'slide',
      readerBase: siteUrl,
      publishes: WARM_UP_PUBLISHES,
    })
    const warmUp = { publishes: WARM_UP_PUBLISHES + 2, siteMs: (cpu().site - warmUpStart.site) * 1000 }
    const direct = await series('slide', siteUrl, config.publishes)
    const cached = await series('slide', cache.url, config.publishes)
    const title = {
      direct: await series('title', siteUrl, config.titlePublishes),
      cache: await series('title', cache.url, config.titlePublishes),
    }
    report.publish = { direct, cache: cached, title, warmUp }
    report.memory = { ...report.memory, publish: { site: siteMemory.stop(), lake: lakeMemory.stop() } }
    log(
      `bench:   publish-to-live p95: one slide direct ${direct.slide.p95.toFixed(0)} ms (${direct.pagesRendered?.max ?? '?'} pages), through the cache ${cached.slide.p95.toFixed(0)} ms; title direct ${title.direct.slide.p95.toFixed(0)} ms (${title.direct.pagesRendered?.max ?? '?'} pages)`,
    )
  })

  await phase('instances', async () => {
    report.instances = await measureInstances({
      dir: join(runDir, 'instances'),
      webDir,
      baselineUrl: siteUrl,
      storyId: STORY_ID,
      slidePath: SLIDE_PATH,
      storyPath: STORY_PATH,
      publishes: config.publishes,
      wrk: { connections: config.wrkConnections, threads: config.wrkThreads, seconds: config.wrkSeconds },
      log,
    })
  })

  await phase('scheduled', async () => {
    const samples = await measureScheduledPublish({
      lakeUrl: lake.url,
      readerBase: siteUrl,
      storyId: STORY_ID,
      slidePath: SLIDE_PATH,
      storyPath: STORY_PATH,
      schedules: config.schedules,
      leadMs: config.scheduleLeadMs,
    })
    report.scheduled = summarizeScheduled(samples, config.scheduleLeadMs)
    log(
      `bench:   embargo-to-live: slide page p50 ${report.scheduled.slide.p50.toFixed(0)} ms, p95 ${report.scheduled.slide.p95.toFixed(0)} ms over ${samples.length} schedules`,
    )
  })

  await phase('preview', async () => {
    const samples = await measurePreviewLatency({
      lakeUrl: lake.url,
      siteUrl,
      storyId: STORY_ID,
      slidePath: SLIDE_PATH,
      edits: config.previewEdits,
    })
    report.preview = summarizePreview(samples)
    log(
      `bench:   draft edit to preview: p50 ${report.preview.acked.p50.toFixed(0)} ms, p95 ${report.preview.acked.p95.toFixed(0)} ms from the lake's acknowledgement, over ${samples.length} edits`,
    )
  })

  await phase('lake', async () => {
    const query = await runLakeBench<QueryBench>(
      'bench',
      'query.json',
      join(runDir, 'lake-bench-query.log'),
      {
        BENCH_SIZES: config.lakeQuerySizes,
      },
    )
    const images = await runLakeBench<ImagesBench>(
      'bench:images',
      'images.json',
      join(runDir, 'lake-bench-images.log'),
    )
    const writes = await runLakeBench<WritesBench>(
      'bench:writes',
      'writes.json',
      join(runDir, 'lake-bench-writes.log'),
    )
    const search = await runLakeBench<SearchBench>(
      'bench:search',
      'search.json',
      join(runDir, 'lake-bench-search.log'),
    )
    report.lake = { query, images, writes, search }
  })

  await phase('backup', async () => {
    report.backup = await runLakeBench<BackupBench>(
      'bench:backup',
      'backup.json',
      join(runDir, 'lake-bench-backup.log'),
    )
    const { datasets, writes } = report.backup.result
    for (const dataset of datasets)
      log(
        `bench:   backup of ${dataset.name}: ${dataset.backupSeconds.toFixed(2)} s, ${(dataset.backupBytes / 1048576).toFixed(1)} MB; restore ${dataset.restoreSeconds.toFixed(2)} s`,
      )
    log(
      `bench:   write p95 during backups / without: ${writes.inProcessP95Ratio.toFixed(2)}× (in the lake), ${writes.separateP95Ratio.toFixed(2)}× (npm run lake -- backup)`,
    )
  })

  await phase('builds', async () => {
    const remaining = (deadline - performance.now()) / 1000
    let sizes = config.buildStories
    // A build pre-renders the newest stories only (apps/web/lib/prerender.ts), so each takes about
    // 30 s on 2 cores whatever the archive, plus writing the stories into the lake (about 4 ms
    // each); leave Lighthouse its least runs (lighthouseReserveSeconds).
    const estimate = (list: number[]) => list.reduce((sum, stories) => sum + 30 + stories * 0.004, 0)
    // The goal compares the smallest archive's build with the largest's, so a short budget drops
    // the sizes between them (the largest first), never those two.
    const between = (list: number[]) =>
      list.filter((stories) => stories !== Math.min(...list) && stories !== Math.max(...list))
    while (
      between(sizes).length > 0 &&
      estimate(sizes) > remaining - lighthouseReserveSeconds() &&
      !env.BENCH_BUILD_STORIES
    ) {
      const dropped = Math.max(...between(sizes))
      sizes = sizes.filter((stories) => stories !== dropped)
      report.notes.push(
        `Builds: ${dropped} stories left out: about ${estimate([dropped]).toFixed(0)} s, and the budget had ${remaining.toFixed(0)} s left (BENCH_BUILD_STORIES=${config.buildStories.join(',')} forces them).`,
      )
    }
    report.builds = {
      points: await measureBuilds(sizes, join(runDir, 'builds'), log),
      remainingBudgetSecondsAtStart: remaining,
    }
  })

  await phase('lighthouse', async () => {
    const pages = LIGHTHOUSE_PAGES
    const presets = LIGHTHOUSE_PRESETS
    const results: NonNullable<BenchReport['lighthouse']>['results'] = []
    let runs = config.lighthouseRuns
    let perRun = 0
    await withChrome(async (port) => {
      for (const page of pages) {
        for (const preset of presets) {
          const samples: LighthouseSample[] = []
          for (let index = 0; index < runs; index++) {
            const started = performance.now()
            samples.push(await runOnce(port, `${siteUrl}${page.path}`, preset))
            if (perRun === 0) {
              // After the very first run: how many runs per page and preset the budget allows.
              perRun = (performance.now() - started) / 1000
              const left = (deadline - performance.now()) / 1000
              const affordable = Math.floor((left - 15) / (perRun * pages.length * presets.length))
              if (affordable < runs) {
                // Never fewer than the least: the goal is every run, which one or two cannot show.
                runs = Math.max(config.lighthouseMinRuns, affordable)
                report.notes.push(
                  `Lighthouse: ${runs} run(s) per page and preset instead of ${config.lighthouseRuns}: one run took ${perRun.toFixed(1)} s and the ${config.budgetMinutes}-minute budget had ${left.toFixed(0)} s left${affordable < runs ? ' (the least it takes, past the budget)' : ''}. BENCH_BUDGET_MINUTES=30 npm run bench runs all ${config.lighthouseRuns}.`,
                )
              }
            }
          }
          const result = summarize(page.path, preset, samples)
          results.push({ page: page.name, ...result })
          log(
            `bench:   lighthouse ${preset} ${page.name} (${samples.length} runs): performance ${result.median.performance} (runs ${result.runs.map((run) => run.performance).join(', ')}; CLS at most ${Math.max(...result.runs.map((run) => run.cls)).toFixed(3)}), LCP ${result.median.lcpMs.toFixed(0)} ms, TBT ${result.median.tbtMs.toFixed(0)} ms, CLS ${result.median.cls.toFixed(3)}, a11y ${result.median.accessibility}, SEO ${result.median.seo}`,
          )
        }
      }
      report.lighthouse = { runsPerPage: runs, firstRunSeconds: perRun, results }
    })
  })

  report.memory = {
    ...report.memory,
    siteLifetimePeakRssBytes: readHwm(site.process.pid),
    lakeLifetimePeakRssBytes: readHwm(lake.process.pid),
  }
} catch (error) {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
  log(`bench: FAILED: ${message}`)
  report.phases.setup = { status: 'failed', seconds: 0, error: message }
} finally {
  await stopAll()
}

function removeSourceMaps(dir: string): void {
  const chunks = join(dir, '.next/static')
  for (const file of readdirSync(chunks, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.map')) rmSync(join(chunks, file))
  }
}

function readHwm(pid: number): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m)
    return match ? Number(match[1]) * 1024 : undefined
  } catch {
    return undefined
  }
}

report.wallSeconds = (performance.now() - began) / 1000
report.machine.loadAverageAtEnd = loadavg()
// A partial run (BENCH_PHASES) must not replace the committed report of a full one.
const outDir = config.phases ? runDir : BENCH_DIR
writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`)
writeFileSync(join(outDir, 'report.md'), renderMarkdown(report))
log(
  `bench: wrote ${join(outDir, 'report.md')} and report.json in ${(report.wallSeconds / 60).toFixed(1)} min`,
)
const failed = Object.entries(report.phases).filter(([, result]) => result.status === 'failed')
if (failed.length) {
  log(`bench: ${failed.length} phase(s) failed: ${failed.map(([name]) => name).join(', ')} (see the report)`)
  process.exit(1)
}
