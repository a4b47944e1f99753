import type { Lake } from '../lake.ts'
import type { Dataset } from '../store/dataset.ts'
import { projectMembers } from './projectMembers.ts'
import { syncSystemGroups } from './systemGroups.ts'

/**
 * Keeps every dataset's `_.groups.*` in step with the project's members: now, in each dataset as
 * it is made, and whenever the tokens in `lake.config.json` or the accounts change. Returns the way to stop.
 */
export function followMembers(lake: Lake): () => void {
  // Runs inside requests (opening a dataset, noticing a token change): a failed write, such as on
  // a full disk, must not fail them. The groups catch up at the next change or start.
  const sync = (dataset: Dataset) => {
    try {
      syncSystemGroups(dataset, projectMembers(lake))
    } catch (error) {
      lake.log(`lake: could not update the member groups in "${dataset.name}": ${(error as Error).message}`)
    }
  }
  const syncAll = () => {
    for (const { name } of lake.registry.list()) if (lake.hasDataset(name)) sync(lake.dataset(name))
  }
  const stopOpened = lake.onDatasetOpened(sync)
  const stopTokens = lake.tokens.onChange(syncAll)
  const stopAccounts = lake.accounts.onChange(syncAll)
  syncAll()
  return () => {
    stopOpened()
    stopTokens()
    stopAccounts()
  }
}
