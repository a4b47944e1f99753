import { addonNameTaken } from '../errors.ts'
import type { Lake } from '../lake.ts'
import type { DatasetInfo } from '../store/datasetRegistry.ts'

/**
 * The Studio keeps comments and tasks out of the content dataset, in an add-on dataset it finds
 * by profile (`GET /projects/:id/datasets?datasetProfile=comments&addonFor=<dataset>`) or has
 * made (`POST /comments/<dataset>/setup`). Hosted Sanity names it `<dataset>-comments`.
 */
export const COMMENTS_PROFILE = 'comments'

export function isAddon(info: DatasetInfo | undefined): boolean {
  return info?.datasetProfile === COMMENTS_PROFILE
}

/** The add-on dataset that holds `dataset`'s comments and tasks, if it was made. */
export function commentsDatasetOf(lake: Lake, dataset: string): DatasetInfo | undefined {
  return lake.registry.list().find((info) => isAddon(info) && info.addonFor === dataset)
}

// Per lake: the Studio of every editor who comments first asks for setup, often at once.
const settingUp = new WeakMap<Lake, Map<string, Promise<DatasetInfo>>>()

/**
 * `dataset`'s add-on, made on first call: private, so no anonymous reader ever sees editors'
 * comments. Calls that overlap share one creation; later ones find it made.
 */
export function ensureCommentsDataset(lake: Lake, dataset: string): Promise<DatasetInfo> {
  lake.dataset(dataset)
  const existing = commentsDatasetOf(lake, dataset)
  if (existing) return Promise.resolve(existing)
  const pending = settingUp.get(lake) ?? new Map<string, Promise<DatasetInfo>>()
  settingUp.set(lake, pending)
  const inFlight = pending.get(dataset)
  if (inFlight) return inFlight
  const creation = createCommentsDataset(lake, dataset).finally(() => pending.delete(dataset))
  pending.set(dataset, creation)
  return creation
}

async function createCommentsDataset(lake: Lake, dataset: string): Promise<DatasetInfo> {
  const name = `${dataset}-comments`
  if (lake.registry.get(name)) throw addonNameTaken(name, dataset)
  const info = await lake.createDataset(name, 'private', async () => {}, {
    datasetProfile: COMMENTS_PROFILE,
    addonFor: dataset,
  })
  lake.log(
    `lake: comments and tasks for "${dataset}" are kept in its private add-on dataset "${name}". ` +
      'E-mail notifications are a hosted Sanity service: the lake sends none, and logs each one it would send.',
  )
  return info
}
