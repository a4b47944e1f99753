// The report: everything measured (report.json) and the same figures as Markdown (report.md),
// each next to its baseline and a line on how it was measured.
import type { BuildPoint } from './buildScale.ts'
import type { FirstView } from './firstView.ts'
import type { InstancesReport } from './instances.ts'
import type {
  BackupBench,
  ImagesBench,
  LakeBenchRun,
  QueryBench,
  SearchBench,
  WritesBench,
} from './lakeBench.ts'
import type { LighthouseResult } from './lighthouse.ts'
import type { PreviewSample } from './previewLatency.ts'
import type { MemoryPeak } from './proc.ts'
import type { PublishSample } from './publish.ts'
import type { ScheduledSample } from './scheduledPublish.ts'
import { median, percentile, ratio } from './stats.ts'
import type { Machine } from './tools.ts'
import type { PageWeight } from './weight.ts'
import type { WrkResult } from './wrk.ts'

export interface ThroughputRow {
  id: string
  label: string
  server: string
  url: string
  saturated: WrkResult
  light: WrkResult
}

/** A latency series in ms: median, 95th percentile and worst. */
export interface Spread {
  p50: number
  p95: number
  max: number
}

function spread(values: number[]): Spread {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) }
}

export interface PublishSummary {
  publishes: number
  slide: Spread
  story: Spread
  actionMs: { p50: number; p95: number }
  samples: PublishSample[]
  /** CPU time per publish of each process tree (user + system; watchers' polls included). */
  cpuPerPublish?: { siteMs: number; lakeMs: number; cacheMs: number }
  /** Pages the site rendered per publish (its `render <path>` lines). */
  pagesRendered?: { p50: number; max: number }
}

export interface ScheduledSummary {
  schedules: number
  leadMs: number
  slide: Spread
  story: Spread
  samples: ScheduledSample[]
}

export interface PreviewSummary {
  edits: number
  acked: Spread
  sent: Spread
  samples: PreviewSample[]
}

export interface BenchReport {
  when: string
  wallSeconds: number
  machine: Machine & { loadAverageAtEnd?: number[] }
  config: Record<string, unknown>
  phases: Record<string, { status: 'ok' | 'failed' | 'skipped'; seconds: number; error?: string }>
  notes: string[]
  mainBuild?: { seconds: number; staticPages: number | undefined; peakRssBytes: number }
  weight?: { slide: PageWeight; story: PageWeight; status: PageWeight }
  firstView?: { slide: FirstView; story: FirstView }
  throughput?: ThroughputRow[]
  /** One-slide edits (`direct`, `cache`) and title edits (`title`), readers at `next start` or the cache. */
  publish?: {
    direct: PublishSummary
    cache: PublishSummary
    title?: { direct: PublishSummary; cache: PublishSummary }
    /** The untimed publishes before the series, and the site's CPU for all of them (code loading, JIT). */
    warmUp?: { publishes: number; siteMs: number }
  }
  /** Several instances sharing Redis behind Varnish's director, against one (apps/web/lib/cache/). */
  instances?: InstancesReport
  /** Releases scheduled a little ahead and published by the lake's scheduler, readers at `next start`. */
  scheduled?: ScheduledSummary
  /** Draft edits committed as the Studio commits them, shown by the site in draft mode in Chromium. */
  preview?: PreviewSummary
  memory?: {
    throughput?: { site: MemoryPeak; lake: MemoryPeak; cache: MemoryPeak }
    publish?: { site: MemoryPeak; lake: MemoryPeak }
    /** The lake's VmRSS right after its first start (seeded, idle), and idle again after the article query. */
    lakeIdle?: { rssBytes: number; afterQueryRssBytes: number }
    siteLifetimePeakRssBytes?: number
    lakeLifetimePeakRssBytes?: number
  }
  lake?: {
    query: LakeBenchRun<QueryBench>
    images: LakeBenchRun<ImagesBench>
    writes?: LakeBenchRun<WritesBench>
    search?: LakeBenchRun<SearchBench>
  }
  /** Backup and restore of the lake's data dir (apps/lake/bench/backup.ts). */
  backup?: LakeBenchRun<BackupBench>
  builds?: { points: BuildPoint[]; remainingBudgetSecondsAtStart: number }
  lighthouse?: {
    runsPerPage: number
    firstRunSeconds: number
    results: Array<LighthouseResult & { page: string }>
  }
}

export function summarizePublishes(samples: PublishSample[]): PublishSummary {
  const actions = samples.map((sample) => sample.actionMs)
  const rendered = samples.flatMap((sample) =>
    sample.pagesRendered === undefined ? [] : [sample.pagesRendered],
  )
  return {
    publishes: samples.length,
    slide: spread(samples.map((sample) => sample.slideMs)),
    story: spread(samples.map((sample) => sample.storyMs)),
    actionMs: { p50: percentile(actions, 50), p95: percentile(actions, 95) },
    ...(rendered.length
      ? { pagesRendered: { p50: percentile(rendered, 50), max: Math.max(...rendered) } }
      : {}),
    samples,
  }
}

export function summarizeScheduled(samples: ScheduledSample[], leadMs: number): ScheduledSummary {
  return {
    schedules: samples.length,
    leadMs,
    slide: spread(samples.map((sample) => sample.slideMs)),
    story: spread(samples.map((sample) => sample.storyMs)),
    samples,
  }
}

export function summarizePreview(samples: PreviewSample[]): PreviewSummary {
  return {
    edits: samples.length,
    acked: spread(samples.map((sample) => sample.ackedMs)),
    sent: spread(samples.map((sample) => sample.sentMs)),
    samples,
  }
}

// --- formatting ---

const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a')
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')
const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a')
const mb = (bytes: number | undefined) =>
  bytes !== undefined && Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : 'n/a'
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a')
const ms = (value: number) => {
  if (!Number.isFinite(value)) return 'n/a'
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value).toLocaleString('en-US')} ms`
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n')
}

/** A report section: heading, how it was measured, and p50 / p95 / max per series. */
function latencySection(heading: string, how: string, first: string, series: [string, Spread][]): string[] {
  const rows = series.map(([name, { p50, p95, max }]) => [name, ms(p50), ms(p95), ms(max)])
  return [`## ${heading}`, '', how, '', table([first, 'p50', 'p95', 'max'], rows), '']
}

interface Goal {
  what: string
  measured: string
  goal: string
  met: boolean | undefined
}

function goals(report: BenchReport): Goal[] {
  const list: Goal[] = []
  const row = (id: string) => report.throughput?.find((entry) => entry.id === id)
  const floor = row('next-status')
  const slide = row('next-slide')
  const staticSlide = row('static-slide')
  const cacheSlide = row('cache-slide')
  if (floor && slide) {
    const value = ratio(slide.saturated.requestsPerSecond, floor.saturated.requestsPerSecond)
    list.push({
      what: 'Slide page throughput vs the framework floor (/status), `next start`',
      measured: `${times(value)} (${int(slide.saturated.requestsPerSecond)} vs ${int(floor.saturated.requestsPerSecond)} req/s)`,
      goal: '≥ 0.9×',
      met: value >= 0.9,
    })
    list.push({
      what: `Slide page p99 latency, \`next start\`, ${slide.light.connections} connections (light load)`,
      measured: `${ms(slide.light.latencyMs.p99)}; the same bytes from nginx at that load: ${ms(staticSlide?.light.latencyMs.p99 ?? Number.NaN)}; at ${slide.saturated.connections} connections: ${ms(slide.saturated.latencyMs.p99)}`,
      goal: '≤ 10 ms',
      met: slide.light.latencyMs.p99 <= 10,
    })
  }
  const readerRows = (report.throughput ?? []).filter((entry) => entry.server !== 'nginx')
  if (readerRows.length) {
    const errors = readerRows.reduce((sum, entry) => sum + entry.saturated.errors + entry.light.errors, 0)
    list.push({
      what: 'Errors in every reader run (`next start` and the cache; socket errors + non-2xx/3xx)',
      measured: int(errors),
      goal: '0',
      met: errors === 0,
    })
  }
  if (cacheSlide && staticSlide) {
    const value = ratio(cacheSlide.saturated.requestsPerSecond, staticSlide.saturated.requestsPerSecond)
    list.push({
      what: 'Slide page through the cache vs the same bytes from nginx (static limit)',
      measured: `${times(value)} (${int(cacheSlide.saturated.requestsPerSecond)} vs ${int(staticSlide.saturated.requestsPerSecond)} req/s)`,
      goal: '≥ 0.5×',
      met: value >= 0.5,
    })
  }
  if (report.publish) {
    const { direct, cache } = report.publish
    list.push({
      what: `Publish-to-live p95, one-slide edit, \`next start\` (${direct.publishes} publishes; slide page / story page)`,
      measured: `${ms(direct.slide.p95)} / ${ms(direct.story.p95)}`,
      goal: '≤ 250 ms',
      met: Math.max(direct.slide.p95, direct.story.p95) <= 250,
    })
    list.push({
      what: `Publish-to-live p95, one-slide edit, through the cache (${cache.publishes} publishes; slide page / story page)`,
      measured: `${ms(cache.slide.p95)} / ${ms(cache.story.p95)}`,
      goal: '≤ 400 ms',
      met: Math.max(cache.slide.p95, cache.story.p95) <= 400,
    })
    if (direct.cpuPerPublish) {
      list.push({
        what: 'Site CPU per one-slide publish (`next start`, readers at it)',
        measured: ms(direct.cpuPerPublish.siteMs),
        goal: '≤ 150 ms',
        met: direct.cpuPerPublish.siteMs <= 150,
      })
    }
    if (direct.pagesRendered) {
      list.push({
        what: 'Pages rendered per one-slide publish (most in a publish)',
        measured: int(direct.pagesRendered.max),
        goal: '≤ 6',
        met: direct.pagesRendered.max <= 6,
      })
    }
  }
  if (report.scheduled) {
    const { slide, story, schedules } = report.scheduled
    list.push({
      what: `Embargo-to-live p50 / p95, a scheduled release, \`next start\` (${schedules} schedules; slide page)`,
      measured: `${ms(slide.p50)} / ${ms(slide.p95)} (story page ${ms(story.p50)} / ${ms(story.p95)})`,
      goal: 'within 1 s (the issue: the scheduler publishes within a second)',
      met: Math.max(slide.p95, story.p95) <= 1000,
    })
  }
  if (report.preview) {
    const { acked, edits } = report.preview
    list.push({
      what: `Draft edit to preview p50 / p95, from the lake's acknowledgement (${edits} edits; slide page in draft mode)`,
      measured: `${ms(acked.p50)} / ${ms(acked.p95)}`,
      goal: 'within 1 s (the issue: typing shows in the preview within a second)',
      met: acked.p95 <= 1000,
    })
  }
  if (report.memory?.lakeIdle) {
    const idle = report.memory.lakeIdle
    list.push({
      what: 'Lake idle RSS after its first start (seeded; after the article query)',
      measured: `${mb(idle.rssBytes)} (${mb(idle.afterQueryRssBytes)})`,
      goal: '≤ 120 MB',
      met: idle.rssBytes <= 120 * 1024 * 1024,
    })
  }
  const eight = report.lake?.writes?.result.rows.find((row) => row.writers === 8)
  if (eight) {
    list.push({
      what: 'Durable writes with 8 concurrent writers vs bare SQLite',
      measured: `${times(eight.ratio)} (${int(eight.lake.perSecond)} vs ${int(eight.sqlite.perSecond)}/s)`,
      goal: '≥ 0.5×',
      met: eight.ratio >= 0.5,
    })
  }
  const backupWrites = report.backup?.result.writes
  if (backupWrites) {
    list.push({
      what: "Write p95 during scheduled backups (in the lake's process) vs no backup, 8 writers",
      measured: `${times(backupWrites.inProcessP95Ratio)} (${ms(backupWrites.inProcess.latencyMs.p95)} vs ${ms(backupWrites.without.latencyMs.p95)})`,
      goal: '≤ 1.5×',
      met: backupWrites.inProcessP95Ratio <= 1.5,
    })
  }
  if (report.weight?.slide.sourceMaps) {
    const ours = report.weight.slide.js.gzipByOwner.ours
    list.push({
      what: 'Our own JavaScript on a slide page (gzip)',
      measured: `${kb(ours)} (alone: ${kb(report.weight.slide.ourCodeAloneGzipBytes)}) of ${kb(report.weight.slide.js.gzipBytes)}`,
      goal: '≤ 5 KB',
      met: ours <= 5 * 1024,
    })
  }
  if (report.lighthouse) {
    const of = (preset: string) =>
      report.lighthouse?.results.filter((result) => result.preset === preset) ?? []
    // The goals hold for every run, not only the median: a reader gets one load, not the median.
    const lowest = (preset: string) =>
      Math.min(...of(preset).flatMap((result) => result.runs.map((run) => run.performance)))
    const lowestMedian = (preset: string) =>
      Math.min(...of(preset).map((result) => result.median.performance))
    const all = report.lighthouse.results
    const runs = report.lighthouse.runsPerPage
    list.push({
      what: `Lighthouse performance, desktop (lowest of ${runs} runs on each of the 4 pages; lowest median)`,
      measured: `${lowest('desktop')} (${lowestMedian('desktop')})`,
      goal: '100',
      met: lowest('desktop') >= 100,
    })
    list.push({
      what: `Lighthouse performance, mobile (lowest of ${runs} runs on each of the 4 pages; lowest median)`,
      measured: `${lowest('mobile')} (${lowestMedian('mobile')})`,
      goal: '≥ 95',
      met: lowest('mobile') >= 95,
    })
    const worstCls = Math.max(...all.flatMap((result) => result.runs.map((run) => run.cls)))
    list.push({
      what: 'CLS (highest of any run)',
      measured: fixed(worstCls, 3),
      goal: '0',
      met: worstCls === 0,
    })
    const a11y = Math.min(...all.map((result) => result.median.accessibility))
    list.push({
      what: 'Accessibility (lowest median)',
      measured: String(a11y),
      goal: '100',
      met: a11y >= 100,
    })
  }
  const builds = report.builds?.points ?? []
  const smallest = builds.find((point) => point.stories === 1)
  const thousand = builds.find((point) => point.stories === 1000)
  if (smallest && thousand) {
    const value = ratio(thousand.buildSeconds, smallest.buildSeconds)
    list.push({
      what: '`next build` with 1,000 stories vs 1 story',
      measured: `${times(value)} (${fixed(thousand.buildSeconds, 1)} s vs ${fixed(smallest.buildSeconds, 1)} s)`,
      goal: '≤ 1.3×',
      met: value <= 1.3,
    })
  }
  return [...list, ...instancesGoals(report.instances)]
}

function instancesGoals(instances: InstancesReport | undefined): Goal[] {
  if (!instances) return []
  const { one, two } = instances.publish
  const errors = instances.throughput.reduce((sum, row) => sum + row.saturated.errors, 0)
  return [
    {
      what: `Publish-to-live p95, one-slide edit, through the cache, two instances sharing Redis (${two.publishes} publishes; slide page / story page)`,
      measured: `${ms(two.slide.p95)} / ${ms(two.story.p95)}; one instance: ${ms(one.slide.p95)} / ${ms(one.story.p95)}`,
      goal: '≤ 400 ms',
      met: Math.max(two.slide.p95, two.story.p95) <= 400,
    },
    {
      what: 'Errors in the several-instance reader runs',
      measured: int(errors),
      goal: '0',
      met: errors === 0,
    },
  ]
}

/** The several-instance phase: bench/lib/instances.ts. */
function instancesSection(instances: InstancesReport, cores: number): string[] {
  const { one, two } = instances.publish
  const rows = instances.throughput
  const rate = (id: string) => rows.find((row) => row.id === id)?.saturated.requestsPerSecond ?? Number.NaN
  const redis = instances.redis
  return [
    '## Several instances (shared cache in Redis)',
    '',
    `How: the site's cache in Redis (apps/web/lib/cache/, REDIS_URL; Debian's redis-server, append-only), \`next start\` of this run's build once and then twice, Varnish from deploy/ in front with its director (readers round robin, /api/revalidate to the first healthy instance), and a lake of its own whose webhook posts to that Varnish. Same Redis, same Varnish configuration, same publishes in both series; the second instance is the only difference.`,
    '',
    table(
      ['edit, readers at the cache, page', 'p50', 'p95', 'max'],
      [
        ['one slide, one instance, slide page', ms(one.slide.p50), ms(one.slide.p95), ms(one.slide.max)],
        ['one slide, one instance, story page', ms(one.story.p50), ms(one.story.p95), ms(one.story.max)],
        ['one slide, two instances, slide page', ms(two.slide.p50), ms(two.slide.p95), ms(two.slide.max)],
        ['one slide, two instances, story page', ms(two.story.p50), ms(two.story.p95), ms(two.story.max)],
      ],
    ),
    '',
    `Two instances against one: publish-to-live p95 ${times(ratio(two.slide.p95, one.slide.p95))} (slide page), ${times(ratio(two.story.p95, one.story.p95))} (story page). A publish expires the pages in Redis once for both instances and the cache's refetches render them once, on either.`,
    '',
    `Reader throughput: \`wrk -t${rows[0]?.saturated.threads ?? '?'} -c${rows[0]?.saturated.connections ?? '?'} -d${rows[0]?.saturated.seconds ?? '?'}s\` on the slide page. Through Varnish the requests carry an \`Authorization\` header, which site.vcl passes to an instance, so every request reaches \`next start\` as a cache miss would (with the cache's hits, Varnish alone answers and the instances do not matter). Baseline: this run's own \`next start\` with Next's file-system cache.`,
    '',
    table(
      ['readers at', 'instances', 'req/s', '× file-system cache', 'p50', 'p99', 'errors'],
      rows.map((row) => [
        row.label,
        String(row.instances),
        int(row.saturated.requestsPerSecond),
        times(ratio(row.saturated.requestsPerSecond, rate('fs-direct'))),
        ms(row.saturated.latencyMs.p50),
        ms(row.saturated.latencyMs.p99),
        int(row.saturated.errors),
      ]),
    ),
    '',
    `Two instances against one, through Varnish: ${times(ratio(rate('redis-two'), rate('redis-one')))}. On ${cores} cores wrk, Varnish, Redis and the instances share the CPU: one \`next start\` at saturation keeps about one core busy and the rest of the chain the other, so a second instance can only take CPU time from them: the ratio says what a second process buys on the same cores, not what a second machine (bringing its own cores) would. Against the file-system cache, every hit reads the whole entry from Redis (the entry, the epoch and the expiries of its tags: four round trips, and tens of KB of JSON with base64 to decode), where Next's file-system cache answers from its in-memory copy; behind the cache tier only its misses reach an instance.`,
    '',
    `Redis memory: ${int(redis.pages)} pages and routes (every page of the site, read once) took ${mb(redis.usedBytes.pagesCached - redis.usedBytes.empty)} (\`used_memory\` before and after; \`next start\` wrote its build's pages there as they were read): ${kb(redis.perPageBytes)} a page. One entry (MEMORY USAGE): slide page ${kb(redis.slideEntryBytes)}, whole-story page ${kb(redis.storyEntryBytes)}: HTML, the RSC payload and its segments (base64 in JSON, as @fortedigital/nextjs-cache-handler stores them). At the end, with the data entries and re-renders of ${one.publishes + two.publishes} publishes: ${int(redis.keysAtEnd)} keys, ${mb(redis.usedBytes.end)}.`,
    '',
  ]
}

const status = (met: boolean | undefined) => (met === undefined ? '–' : met ? 'yes' : '**no**')

export function renderMarkdown(report: BenchReport): string {
  const out: string[] = []
  const m = report.machine
  out.push('# Benchmark report')
  out.push('')
  out.push(
    `Written by \`npm run bench\` (bench/run.ts) on ${report.when}, wall time ${fixed(report.wallSeconds / 60, 1)} min. Every figure sits next to a baseline measured in the same run on the same machine; the ratios are the point, the absolute numbers move with the machine and its load. Raw numbers: [report.json](report.json).`,
  )
  out.push('')
  out.push(
    `**Machine:** ${m.cpuModel}, ${m.cores} cores, ${mb(m.memoryBytes)} RAM, ${m.os}, Linux ${m.kernel}. Load average (1/5/15 min) at start ${m.loadAverageAtStart.map((value) => value.toFixed(1)).join(' / ')}, at end ${(m.loadAverageAtEnd ?? []).map((value) => value.toFixed(1)).join(' / ')}: the machine was shared with other work, so absolute figures are noisy.`,
  )
  out.push('')
  out.push(
    `**Versions:** ${Object.entries(m.versions)
      .filter(([, version]) => version)
      .map(([name, version]) => `${name} ${version}`)
      .join('; ')}.`,
  )
  out.push('')
  const phaseRows = Object.entries(report.phases).map(([name, result]) => [
    name,
    result.status === 'ok' ? 'ok' : `**${result.status}**`,
    `${fixed(result.seconds, 0)} s`,
    result.error ? (result.error.split('\n')[0]?.slice(0, 200) ?? '') : '',
  ])
  out.push(table(['phase', 'status', 'time', 'error'], phaseRows))
  out.push('')
  if (report.notes.length) {
    for (const note of report.notes) out.push(`> ${note}`)
    out.push('')
  }

  // --- goals ---
  out.push('## Goals at a glance')
  out.push('')
  out.push(
    table(
      ['figure', 'measured', 'goal', 'met'],
      goals(report).map((goal) => [goal.what, goal.measured, goal.goal, status(goal.met)]),
    ),
  )
  out.push('')

  // --- throughput ---
  if (report.throughput) {
    const rows = report.throughput
    const floor = rows.find((row) => row.id === 'next-status')?.saturated.requestsPerSecond ?? Number.NaN
    const staticOf = (row: ThroughputRow) => {
      const kind = row.id.endsWith('story') ? 'static-story' : 'static-slide'
      return rows.find((entry) => entry.id === kind)?.saturated.requestsPerSecond ?? Number.NaN
    }
    const first = rows[0]
    out.push('## Reader throughput and latency')
    out.push('')
    out.push(
      `How: \`wrk -t${first?.saturated.threads} -c${first?.saturated.connections} -d${first?.saturated.seconds}s\` per URL after a 2 s warm-up (saturation), then \`-c${first?.light.connections} -d${first?.light.seconds}s\` (light load) for latency; a Lua \`done()\` hook reports exact percentiles and errors (socket errors + non-2xx/3xx). No Accept-Encoding: identity bodies everywhere. Targets on loopback: \`next start\` (the built site, cached ISR pages), the cache tier from deploy/ (Varnish) in front of it, and nginx serving the byte-identical HTML captured from \`next start\` as static files. wrk shares the machine's ${m.cores} cores with the server it measures (nginx and Varnish: worker processes/threads as configured in deploy/ and bench/lib/nginx.ts; \`next start\`: one Node.js process). Floor = /status on \`next start\`; static = nginx with the same page's bytes.`,
    )
    out.push('')
    out.push(
      table(
        [
          'target',
          'server',
          'body',
          'req/s',
          '× floor',
          '× static',
          'p50',
          'p99',
          `p50 @${first?.light.connections}`,
          `p99 @${first?.light.connections}`,
          'errors',
        ],
        rows.map((row) => [
          row.label,
          row.server,
          kb(row.saturated.bytesPerRequest),
          int(row.saturated.requestsPerSecond),
          times(ratio(row.saturated.requestsPerSecond, floor)),
          row.id === 'next-status' ? '–' : times(ratio(row.saturated.requestsPerSecond, staticOf(row))),
          ms(row.saturated.latencyMs.p50),
          ms(row.saturated.latencyMs.p99),
          ms(row.light.latencyMs.p50),
          ms(row.light.latencyMs.p99),
          int(row.saturated.errors + row.light.errors),
        ]),
      ),
    )
    out.push('')
    out.push(
      '"body" is bytes read per response including headers (wrk). `× static` compares with nginx serving the same page (slide or story) as a static file.',
    )
    out.push('')
  }

  // --- memory ---
  if (report.memory) {
    const mem = report.memory
    out.push('## Memory')
    out.push('')
    out.push(
      'How: /proc/<pid>/status of each process tree (the process and its children): VmRSS summed and polled every 200 ms during the phase (peak kept; children looked up every 5 s), and VmHWM after resetting it at the phase start (`echo 5 > /proc/<pid>/clear_refs`). Lifetime peak = VmHWM at the end of the run (includes start-up and the publish phase). Lake idle: its VmRSS 3 s after its first start answered /health (it seeded itself, in a child process that has exited), before anything else reads from it, and 2 s after one article query.',
    )
    out.push('')
    const rows: string[][] = []
    if (mem.throughput) {
      rows.push([
        '`next start`',
        'throughput runs',
        mb(mem.throughput.site.polledPeakRssBytes),
        mb(mem.throughput.site.vmHwmBytes),
      ])
      rows.push([
        'lake',
        'throughput runs (idle: `next start` serves pages from its own cache)',
        mb(mem.throughput.lake.polledPeakRssBytes),
        mb(mem.throughput.lake.vmHwmBytes),
      ])
      rows.push([
        'Varnish (cache tier)',
        'throughput runs',
        mb(mem.throughput.cache.polledPeakRssBytes),
        mb(mem.throughput.cache.vmHwmBytes),
      ])
    }
    if (mem.publish) {
      rows.push([
        '`next start`',
        'publish-to-live (renders)',
        mb(mem.publish.site.polledPeakRssBytes),
        mb(mem.publish.site.vmHwmBytes),
      ])
      rows.push([
        'lake',
        'publish-to-live (writes, webhooks, queries)',
        mb(mem.publish.lake.polledPeakRssBytes),
        mb(mem.publish.lake.vmHwmBytes),
      ])
    }
    if (mem.lakeIdle) {
      rows.push(['lake', 'idle after its first start (seeded)', mb(mem.lakeIdle.rssBytes), ''])
      rows.push(['lake', 'idle after the article query', mb(mem.lakeIdle.afterQueryRssBytes), ''])
    }
    rows.push(['`next start`', 'lifetime', '', mb(mem.siteLifetimePeakRssBytes)])
    rows.push(['lake', 'lifetime', '', mb(mem.lakeLifetimePeakRssBytes)])
    out.push(table(['process', 'during', 'peak RSS (polled)', 'VmHWM'], rows))
    out.push('')
  }

  // --- publish ---
  if (report.publish) {
    const { direct, cache, title } = report.publish
    out.push('## Publish-to-live')
    out.push('')
    out.push(
      `How: publishes of the Baldwin story with the real publish action (\`client.action({actionType: 'sanity.action.document.publish', draftId, publishedId})\`, @sanity/client) after a draft (written with \`createOrReplace\`, not timed) put a new marker in the first slide's heading (${direct.publishes} per target) or in the title (${title?.direct.publishes ?? 0} per target); one untimed publish first in each series (the first webhook after start loads the route's code). The clock starts when the lake acknowledges the action and stops when a response carrying the marker has been read. Two watchers poll at once, back to back 2 ms apart: the slide page (\`/stories/<slug>/1\`) and the story page. In between: the lake's webhook right after commit, its body the story before and after (REVALIDATE_WEBHOOK_PROJECTION) → /api/revalidate (signature check; apps/web/lib/revalidation/changedPages.ts picks the pages that show the change; \`revalidatePath\` for each) → \`after()\`: the route purges those pages from the cache and refetches them through it, which renders them again (apps/web/lib/cache/purge.ts: one PURGE with a URL regex for those pages, then the same pages refetched through the cache, 4 at a time; without a cache the route renders them itself, a few at a time). Between the expiry and its re-render, a reader's request for a page waits for a fresh render; it never gets the old page. The cache tier runs in every series (so the site does the same work); readers hit \`next start\` directly in one, Varnish in the other. Pages rendered: the site's own \`render <path>\` lines between the publish and the route's \`revalidate <transaction>: rendered N pages again\`.`,
    )
    out.push('')
    const rows = (edit: string, at: string, summary: PublishSummary) => [
      [`${edit}, ${at}, slide page`, ms(summary.slide.p50), ms(summary.slide.p95), ms(summary.slide.max)],
      [`${edit}, ${at}, story page`, ms(summary.story.p50), ms(summary.story.p95), ms(summary.story.max)],
    ]
    out.push(
      table(
        ['edit, readers at, page', 'p50', 'p95', 'max'],
        [
          ...rows('one slide', '`next start`', direct),
          ...rows('one slide', 'the cache', cache),
          ...(title
            ? [...rows('title', '`next start`', title.direct), ...rows('title', 'the cache', title.cache)]
            : []),
        ],
      ),
    )
    out.push('')
    out.push(
      `The publish action itself (client call to acknowledgement) took p50 ${ms(direct.actionMs.p50)}, p95 ${ms(direct.actionMs.p95)}.`,
    )
    const series: Array<[string, PublishSummary]> = [
      ['one slide, readers at `next start`', direct],
      ['one slide, readers at the cache', cache],
      ...(title
        ? ([
            ['title, readers at `next start`', title.direct],
            ['title, readers at the cache', title.cache],
          ] as Array<[string, PublishSummary]>)
        : []),
    ]
    out.push('')
    const warmUp = report.publish.warmUp
    out.push(
      `Per publish: CPU time of each process tree (user + system from /proc/<pid>/stat over the series, divided by its publishes, the untimed first and the restoring one included; the watchers' polling included), and the pages the site rendered. On the machine's cores shared with other work, that CPU is what a publish waits for.${warmUp ? ` Before the first series, ${warmUp.publishes} publishes neither timed nor counted: the first publishes after \`next start\` load and compile the code that revalidates and renders pages, once per process (the site's CPU for those ${warmUp.publishes}: ${ms(warmUp.siteMs)}).` : ''}`,
    )
    out.push('')
    out.push(
      table(
        ['series', '`next start` CPU', 'lake CPU', 'Varnish CPU', 'pages rendered p50', 'pages rendered max'],
        series.map(([name, summary]) => [
          name,
          ms(summary.cpuPerPublish?.siteMs ?? Number.NaN),
          ms(summary.cpuPerPublish?.lakeMs ?? Number.NaN),
          ms(summary.cpuPerPublish?.cacheMs ?? Number.NaN),
          int(summary.pagesRendered?.p50 ?? Number.NaN),
          int(summary.pagesRendered?.max ?? Number.NaN),
        ]),
      ),
    )
    out.push('')
  }

  if (report.instances) out.push(...instancesSection(report.instances, report.machine.cores))

  // --- preview ---
  if (report.preview) {
    const { acked, sent, edits } = report.preview
    out.push(
      ...latencySection(
        'Draft edit to preview (Presentation)',
        `How: the site's slide page in draft mode (entered with a Presentation secret, as the Studio's iframe enters it) in headless Chromium; ${edits} times, a new first-slide heading is committed with @sanity/client as the Studio commits an edit (\`sanity.action.document.edit\` on the draft). A MutationObserver in the page takes the time its heading shows the new text: the lake's live event, the site's /api/draft-mode/live relay, \`router.refresh()\`, the draft render and React's update. Not included: the Studio's own wait before it commits (it sends the first change of a burst at once and the rest up to a second later).`,
        'from',
        [
          ["the lake's acknowledgement", acked],
          ['sending the commit', sent],
        ],
      ),
    )
  }

  // --- scheduled ---
  if (report.scheduled) {
    const { slide, story, schedules, leadMs } = report.scheduled
    out.push(
      ...latencySection(
        'Embargo-to-live (scheduled releases)',
        `How: ${schedules} times, a release holding a version of the Baldwin story (a new marker in the first slide's heading) is created and scheduled ${leadMs} ms ahead with @sanity/client (\`client.releases.create\`, \`client.createVersion\`, \`client.releases.schedule\`), as the Studio schedules one. The lake's scheduler publishes it at \`publishAt\`; from there the path is a publish's (webhook → /api/revalidate → re-render). The clock is the wall clock: from \`publishAt\` to the end of the first response carrying the marker, watched at the slide page and the story page from before the schedule. A response carrying it before \`publishAt\` fails the phase (an embargo broken).`,
        'page',
        [
          ['slide page', slide],
          ['story page', story],
        ],
      ),
    )
  }

  // --- weight ---
  if (report.weight) {
    const w = report.weight
    out.push('## Page weight')
    out.push('')
    out.push(
      'How: the HTML as `next start` sends it (identity) and its gzip (zlib default level, what `next start` uses for `Accept-Encoding: gzip`); every `<script src>` in that HTML fetched and gzipped the same way (the trailing `sourceMappingURL` comment the bench build adds is removed first). Attribution: the bench builds the site with `productionBrowserSourceMaps` (nothing else changes), and every span of each chunk is credited to the source file its source map names (as source-map-explorer does); a chunk\'s gzip bytes are split in proportion. Ours = files of this repo (apps/web, packages/*); framework = next, react, react-dom, scheduler, @swc/helpers and Turbopack\'s runtime; libraries = other packages; unmapped = glue without a mapping. "Ours alone" gzips just our spans, cut out of the chunks.',
    )
    out.push('')
    const pages: Array<[string, PageWeight]> = [
      ['slide page', w.slide],
      ['story page', w.story],
      ['/status (floor)', w.status],
    ]
    out.push(
      table(
        [
          'page',
          'HTML',
          'HTML gzip',
          'of it inline RSC payload',
          'JS files',
          'JS',
          'JS gzip',
          'ours',
          'framework',
          'libraries',
          'unmapped',
          'ours alone',
        ],
        pages.map(([name, page]) => [
          name,
          kb(page.htmlBytes),
          kb(page.htmlGzipBytes),
          kb(page.inlineScriptBytes),
          String(page.scripts.length),
          kb(page.js.rawBytes),
          kb(page.js.gzipBytes),
          kb(page.js.gzipByOwner.ours),
          kb(page.js.gzipByOwner.framework),
          kb(page.js.gzipByOwner.libraries),
          kb(page.js.gzipByOwner.unmapped),
          kb(page.ourCodeAloneGzipBytes),
        ]),
      ),
    )
    out.push('')
    const ourFiles = new Map<string, number>()
    for (const script of w.slide.scripts) {
      for (const [file, bytes] of Object.entries(script.ourSources))
        ourFiles.set(file, (ourFiles.get(file) ?? 0) + bytes)
    }
    const libraries = new Map<string, number>()
    for (const script of w.slide.scripts) {
      for (const [name, bytes] of Object.entries(script.librarySources ?? {}))
        libraries.set(name, (libraries.get(name) ?? 0) + bytes)
    }
    if (libraries.size) {
      out.push(
        `Libraries besides the framework in the slide page's JavaScript (raw bytes): ${[
          ...libraries.entries(),
        ]
          .sort((a, b) => b[1] - a[1])
          .map(([name, bytes]) => `\`${name}\` ${kb(bytes)}`)
          .join(', ')}.`,
      )
      out.push('')
    }
    if (w.slide.noModuleScripts?.length) {
      out.push(
        `Not counted: ${w.slide.noModuleScripts.map((src) => `\`${src}\``).join(', ')} (\`<script nomodule>\`, Next.js's legacy polyfills; browsers with ES modules neither fetch nor run it).`,
      )
      out.push('')
    }
    if (ourFiles.size) {
      out.push(
        `Our files in the slide page's JavaScript (raw bytes): ${[...ourFiles.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([file, bytes]) => `\`${file}\` ${kb(bytes)}`)
          .join(', ')}.`,
      )
      out.push('')
    }
    if (report.firstView) {
      const views: Array<[string, FirstView]> = [
        ['slide page', report.firstView.slide],
        ['story page', report.firstView.story],
      ]
      const vp = report.firstView.slide.viewport
      out.push(
        `First view on a phone: headless Chromium (playwright-core, /usr/bin/chromium) at ${vp.width}×${vp.height} CSS px, DPR ${vp.deviceScaleFactor}, touch, mobile UA; load, then network idle + 1.5 s; encoded body bytes of every response (\`request.sizes()\`), by resource type. Images are sized \`auto=format\` variants from the lake; the slide page also prefetches the next slide's photo. The dataset's photos are generated placeholders (packages/dataset), far smaller than real photographs: read the image column as a request count and a sizing check more than as bytes.`,
      )
      out.push('')
      out.push(
        table(
          ['page', 'images', 'image bytes', 'scripts', 'script bytes', 'document', 'CSS', 'fonts'],
          views.map(([name, view]) => [
            name,
            String(view.requestsByType.image ?? 0),
            kb(view.bytesByType.image ?? 0),
            String(view.requestsByType.script ?? 0),
            kb(view.bytesByType.script ?? 0),
            kb(view.bytesByType.document ?? 0),
            kb(view.bytesByType.stylesheet ?? 0),
            kb(view.bytesByType.font ?? 0),
          ]),
        ),
      )
      out.push('')
    }
  }

  // --- lighthouse ---
  if (report.lighthouse) {
    const lh = report.lighthouse
    out.push('## Lighthouse')
    out.push('')
    out.push(
      `How: Lighthouse ${m.versions.lighthouse ?? ''} (Node API) against \`next start\`, Chromium at /usr/bin/chromium with \`--headless --no-sandbox --disable-gpu\`, one browser for all runs (Lighthouse resets storage per run); the default (mobile, simulated throttling) and the desktop preset; categories performance, accessibility, SEO; ${lh.runsPerPage} run(s) per page and preset (at least 3), the median of each metric and every run's performance and CLS (the goals hold for every run). One run took ${fixed(lh.firstRunSeconds, 1)} s. Lighthouse's benchmark index of this machine (its CPU speed; the median over every run): ${fixed(median(lh.results.map((result) => result.median.benchmarkIndex)), 0)}; TBT and the mobile scores are absolute and fall with it.`,
    )
    out.push('')
    out.push(
      table(
        [
          'page',
          'preset',
          'performance',
          'LCP',
          'TBT',
          'CLS',
          'accessibility',
          'SEO',
          'runs (performance)',
          'runs (CLS)',
        ],
        lh.results.map((result) => [
          `${result.page} (\`${result.path}\`)`,
          result.preset,
          String(result.median.performance),
          ms(result.median.lcpMs),
          ms(result.median.tbtMs),
          fixed(result.median.cls, 3),
          String(result.median.accessibility),
          String(result.median.seo),
          result.runs.map((run) => run.performance).join(', '),
          result.runs.map((run) => fixed(run.cls, 3)).join(', '),
        ]),
      ),
    )
    out.push('')
    const failing = [
      ...new Set(
        lh.results.flatMap((result) =>
          result.failing.map((audit) => `${result.preset} ${result.page}: ${audit}`),
        ),
      ),
    ]
    const shifts = lh.results.flatMap((result) =>
      result.layoutShifts.map((shift) => `${result.preset} ${result.page}: ${shift}`),
    )
    if (shifts.length) {
      out.push('Layout shifts in any run (run, element, score, cause):')
      out.push('')
      for (const line of shifts) out.push(`- ${line}`)
      out.push('')
    }
    if (failing.length) {
      out.push('Audits below full score in the median run:')
      out.push('')
      for (const line of failing) out.push(`- ${line}`)
      out.push('')
    }
  }

  // --- lake ---
  if (report.lake) {
    const { query, images } = report.lake
    out.push('## The lake')
    out.push('')
    out.push(
      `How: the lake's own benchmarks, run as they are (\`npm run bench -w @slideshow/lake\`, ${fixed(query.seconds, 0)} s; \`npm run bench:images -w @slideshow/lake\`, ${fixed(images.seconds, 0)} s); their JSON (apps/lake/bench/results/) copied here. Query: the story's article query (article + 43 slides + dereferenced people) through the HTTP API vs the same query by raw groq-js over an in-memory array in the same process (the baseline). Images: the lake's first render and cached answer of a variant vs sharp doing the same transform in-process (the limit).`,
    )
    out.push('')
    out.push(
      table(
        [
          'query',
          'documents',
          'HTTP p50',
          'HTTP p99',
          'raw groq-js p50',
          'raw groq-js p99',
          'HTTP / raw (p50)',
        ],
        query.result.queries.map((row) => [
          row.query === 'article' ? 'article' : '`*[_id in $ids]`, 50 ids',
          int(row.documents),
          ms(row.httpMs.p50),
          ms(row.httpMs.p99),
          ms(row.rawGroqJsMs.p50),
          ms(row.rawGroqJsMs.p99),
          times(row.ratioP50),
        ]),
      ),
    )
    out.push('')
    if (report.lake.search) {
      const search = report.lake.search.result
      out.push(
        `Search (\`npm run bench:search -w @slideshow/lake\`, ${fixed(report.lake.search.seconds, 0)} s): the Studio's default search query (\`text::query\`, which the lake rewrites for groq-js) through the HTTP API, next to the legacy \`match\` query it replaced, on the lake and by raw groq-js in the same process (raw groq-js cannot run \`text::query\`). Every answer is checked.`,
      )
      out.push('')
      out.push(
        table(
          [
            'documents',
            'lake text::query p50',
            'p99',
            'lake legacy match p50',
            'raw groq-js legacy p50',
            'text::query / raw (p50)',
          ],
          search.results.map((row) => [
            int(row.documents),
            ms(row.lakeTextQueryMs.p50),
            ms(row.lakeTextQueryMs.p99),
            ms(row.lakeLegacyMs.p50),
            ms(row.rawGroqJsLegacyMs.p50),
            times(row.textQueryOverRawP50),
          ]),
        ),
      )
      out.push('')
    }
    if (report.lake.writes) {
      const writes = report.lake.writes.result
      out.push(
        `Durable writes (\`npm run bench:writes -w @slideshow/lake\`, ${fixed(report.lake.writes.seconds, 0)} s): ${writes.seconds} s per series of one-document mutations through the HTTP API, each writer sending its next once the last is acknowledged (the writers in a worker thread of their own, with node:http over keep-alive connections, as clients run apart from the lake), next to bare SQLite committing the same writes one transaction each (same pragmas, no HTTP): the limit for a store that commits every write on its own.`,
      )
      out.push('')
      out.push(
        table(
          ['writers', 'lake writes/s', 'lake p50', 'lake p99', 'bare SQLite writes/s', 'lake / SQLite'],
          writes.rows.map((row) => [
            int(row.writers),
            int(row.lake.perSecond),
            ms(row.lake.latencyMs.p50),
            ms(row.lake.latencyMs.p99),
            int(row.sqlite.perSecond),
            times(row.ratio),
          ]),
        ),
      )
      out.push('')
    }
    out.push(
      table(
        [
          'transform',
          'bytes',
          'first render p50',
          'cached p50',
          'sharp alone p50',
          'first / sharp',
          'cached / sharp',
        ],
        images.result.results.map((row) => [
          row.transform,
          kb(row.variantBytesMean),
          ms(row.p50Ms.lakeFirst),
          ms(row.p50Ms.lakeCached),
          ms(row.p50Ms.sharpAlone),
          times(row.firstOverSharp),
          times(row.cachedOverSharp),
        ]),
      ),
    )
    out.push('')
  }

  // --- backups ---
  if (report.backup) {
    const { runs, datasets, writes } = report.backup.result
    out.push('## Backups')
    out.push('')
    out.push(
      `How: \`npm run bench:backup -w @slideshow/lake\` (${fixed(report.backup.seconds, 0)} s). Backup: the lake's \`takeBackup\` (what \`npm run lake -- backup\` and the schedule run) of an idle lake's data dir, median of ${runs}; size: the backup folder on disk (databases, asset files, registries, secrets, TLS files, manifest). Restore: \`restoreBackup\` of it into an empty data dir, every checksum and SQLite integrity check included, median of ${runs}.`,
    )
    out.push('')
    out.push(
      table(
        ['data dir', 'documents', 'backup', 'size', 'files', 'restore'],
        datasets.map((row) => [
          row.name,
          int(row.documents),
          ms(row.backupSeconds * 1000),
          mb(row.backupBytes),
          int(row.files),
          ms(row.restoreSeconds * 1000),
        ]),
      ),
    )
    out.push('')
    out.push(
      `Writers during backups: ${writes.writers} writers on the 10,000-document lake, each sending a one-document mutation once its last is acknowledged, in series of ${writes.seconds} s: with no backup, with backups back to back in the lake's own process (as \`LAKE_BACKUP_EVERY\` runs them), and with \`npm run lake -- backup\` back to back in a process of its own. The three take turns ${writes.rounds} times (so drift on a shared machine falls on each alike), pooled per kind; ratios are p95 against no backup.`,
    )
    out.push('')
    const series: Array<[string, (typeof writes)['without'], string]> = [
      ['no backup', writes.without, '1.00×'],
      ["backups in the lake's process", writes.inProcess, times(writes.inProcessP95Ratio)],
      ['`npm run lake -- backup` beside it', writes.separate, times(writes.separateP95Ratio)],
    ]
    out.push(
      table(
        ['series', 'writes/s', 'p50', 'p95', 'p99', 'backups done', 'p95 / no backup'],
        series.map(([name, row, ratioText]) => [
          name,
          int(row.perSecond),
          ms(row.latencyMs.p50),
          ms(row.latencyMs.p95),
          ms(row.latencyMs.p99),
          int(row.backups),
          ratioText,
        ]),
      ),
    )
    out.push('')
  }

  // --- builds ---
  if (report.builds || report.mainBuild) {
    out.push('## Build')
    out.push('')
    if (report.builds?.points.length) {
      const points = report.builds.points
      out.push(
        `How: a temp lake (seeded, then the Baldwin story deleted) filled with N generated stories of ${points[0]?.slidesPerStory} slides (heading, two paragraphs, photo, credit, people; written with createOrReplace in transactions under 4 MB, not timed), then a cold \`next build\` of a copy of apps/web against it (\`SANITY_API_HOST\` = the temp lake; .next removed first). Peak RSS = summed RSS of \`next build\` and its workers, polled every 250 ms (children looked up every second).`,
      )
      out.push('')
      const base = points[0]
      const generation = (point: BuildPoint) => point.stages?.staticGenerationSeconds ?? Number.NaN
      out.push(
        table(
          [
            'stories',
            'pages pre-rendered',
            'build time',
            '× smallest',
            'compile',
            'TypeScript',
            'static generation',
            'ms per page (generation)',
            'peak RSS',
          ],
          points.map((point) => [
            int(point.stories),
            point.staticPages === undefined ? 'n/a' : int(point.staticPages),
            `${fixed(point.buildSeconds, 1)} s`,
            base ? times(point.buildSeconds / base.buildSeconds) : '',
            `${fixed(point.stages?.compileSeconds ?? Number.NaN, 1)} s`,
            `${fixed(point.stages?.typescriptSeconds ?? Number.NaN, 1)} s`,
            `${fixed(generation(point), 1)} s`,
            point.staticPages ? fixed((generation(point) * 1000) / point.staticPages, 1) : 'n/a',
            mb(point.buildPeakRssBytes),
          ]),
        ),
      )
      out.push('')
      out.push(
        "The site pre-renders the newest stories only, with their slides and their people (apps/web/lib/prerender.ts); every other page renders on its first request and is cached from then on, so the pages pre-rendered stop growing with the archive. Compile and TypeScript do not depend on the content (their spread between rows is the machine's noise). Stage times are the ones `next build` prints.",
      )
      out.push('')
    }
    if (report.mainBuild) {
      out.push(
        `The site measured above (the Baldwin story, ${report.mainBuild.staticPages ?? '?'} pages, with browser source maps) built in ${fixed(report.mainBuild.seconds, 1)} s, peak RSS ${mb(report.mainBuild.peakRssBytes)}.`,
      )
      out.push('')
    }
  }

  out.push('## Reproduce')
  out.push('')
  out.push(
    '`npm install && npm run bench` (root; Node 24 from the `node` devDependency). It installs nginx, wrk, Varnish and Chromium with apt-get when missing and running as root, or prints the one command to run. Knobs: `BENCH_DURATION`, `BENCH_CONNECTIONS`, `BENCH_LIGHT_CONNECTIONS`, `BENCH_PUBLISHES`, `BENCH_LH_RUNS`, `BENCH_BUILD_STORIES`, `BENCH_SIZES` (lake query bench), `BENCH_BUDGET_MINUTES`. Logs and temp data: bench/tmp/run/ (git-ignored).',
  )
  out.push('')
  return `${out.join('\n')}\n`
}
