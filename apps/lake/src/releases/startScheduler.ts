import type { Lake } from '../lake.ts'
import { publishingSchedules } from '../schedules/scheduleSteps.ts'
import { scheduledReleases } from './releaseSchedule.ts'
import { Scheduler } from './scheduler.ts'

/**
 * Starts the lake's scheduler (scheduled releases and drafts, legacy publishing schedules) on
 * every dataset, and on each dataset made later. Opening every
 * dataset at start is what publishes, at once, what fell due while the lake was down.
 */
export function startScheduler(lake: Lake, log: (line: string) => void = console.log): { stop(): void } {
  const scheduler = new Scheduler(
    [scheduledReleases, publishingSchedules],
    (dataset) => lake.hasDataset(dataset.name) && lake.dataset(dataset.name) === dataset,
    log,
  )
  const stopFollowing = lake.onDatasetOpened((dataset) => scheduler.watch(dataset))
  for (const { name } of lake.registry.list()) scheduler.watch(lake.dataset(name))
  return {
    stop() {
      stopFollowing()
      scheduler.stop()
    },
  }
}
