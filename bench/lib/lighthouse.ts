// Lighthouse 13 (the Node API) with Debian's Chromium: desktop and mobile presets, N runs per page,
// medians per metric. One Chromium for all runs; Lighthouse resets storage and cache per run.
import { CHROMIUM_PATH } from '@slideshow/testkit/chromium'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import desktopConfig from 'lighthouse/core/config/desktop-config.js'
import { median } from './stats.ts'

export type Preset = 'desktop' | 'mobile'

export interface LighthouseRun {
  performance: number
  accessibility: number
  seo: number
  lcpMs: number
  tbtMs: number
  cls: number
  /**
   * Lighthouse's measure of this machine's CPU speed (higher is faster). Its mobile preset
   * simulates a slow phone by multiplying the main-thread time it observes, so TBT and the mobile
   * score fall on a slower or busier host: this says how fast the host was during the run.
   */
  benchmarkIndex: number
}

export interface LighthouseResult {
  path: string
  preset: Preset
  runs: LighthouseRun[]
  median: LighthouseRun
  /** Failed audits (score < 1) seen in the median-performance run, for the report. */
  failing: string[]
  /** Layout shifts in any run, each with its run's number: the goal is none in every run. */
  layoutShifts: string[]
}

export const LIGHTHOUSE_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu']

export async function withChrome<T>(work: (port: number) => Promise<T>): Promise<T> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: LIGHTHOUSE_FLAGS,
    logLevel: 'error',
  })
  try {
    return await work(chrome.port)
  } finally {
    chrome.kill()
  }
}

export interface LighthouseSample {
  run: LighthouseRun
  failing: string[]
  /** The elements that shifted (Lighthouse's layout-shifts audit): selector, score, cause. */
  layoutShifts: string[]
}

/** One Lighthouse run of `url` with the preset, in the Chromium listening on `port`. */
export async function runOnce(port: number, url: string, preset: Preset): Promise<LighthouseSample> {
  const result = await lighthouse(
    url,
    { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'seo'] },
    preset === 'desktop' ? desktopConfig : undefined,
  )
  const lhr = result?.lhr
  if (!lhr) throw new Error(`lighthouse returned nothing for ${url}`)
  if (lhr.runtimeError) throw new Error(`lighthouse ${url}: ${lhr.runtimeError.message}`)
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? Number.NaN) * 100)
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN
  const failing = Object.values(lhr.categories).flatMap((category) =>
    category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 1)
      .map((audit) => `${category.id}: ${audit?.id}${audit?.displayValue ? ` (${audit.displayValue})` : ''}`),
  )
  const shifts = (lhr.audits['layout-shifts']?.details ?? { items: [] }) as {
    items?: Array<{
      node?: { selector?: string }
      score?: number
      subItems?: { items?: Array<{ cause?: string; extra?: { selector?: string } }> }
    }>
  }
  const layoutShifts = (shifts.items ?? []).map((item) => {
    const causes = (item.subItems?.items ?? []).map(
      (sub) => `${sub.cause ?? ''}${sub.extra?.selector ? ` (${sub.extra.selector})` : ''}`,
    )
    return `${item.node?.selector ?? '?'} ${(item.score ?? 0).toFixed(3)}${causes.length ? `: ${causes.join('; ')}` : ''}`
  })
  return {
    layoutShifts,
    run: {
      performance: score('performance'),
      accessibility: score('accessibility'),
      seo: score('seo'),
      lcpMs: numeric('largest-contentful-paint'),
      tbtMs: numeric('total-blocking-time'),
      cls: numeric('cumulative-layout-shift'),
      benchmarkIndex: lhr.environment.benchmarkIndex,
    },
    failing,
  }
}

/** Medians per metric; the failing audits of the run with the median performance score. */
export function summarize(path: string, preset: Preset, samples: LighthouseSample[]): LighthouseResult {
  const runs = samples.map((sample) => sample.run)
  const middle = [...samples].sort((a, b) => a.run.performance - b.run.performance)[
    Math.floor(samples.length / 2)
  ]
  const of = (metric: keyof LighthouseRun) => median(runs.map((run) => run[metric]))
  return {
    path,
    preset,
    runs,
    median: {
      performance: of('performance'),
      accessibility: of('accessibility'),
      seo: of('seo'),
      lcpMs: of('lcpMs'),
      tbtMs: of('tbtMs'),
      cls: of('cls'),
      benchmarkIndex: of('benchmarkIndex'),
    },
    failing: middle?.failing ?? [],
    layoutShifts: samples.flatMap((sample, index) =>
      sample.layoutShifts.map((shift) => `run ${index + 1}: ${shift}`),
    ),
  }
}
