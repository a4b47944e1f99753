import { ensureCommentsDataset } from '../comments/addonDataset.ts'
import { type RequestContext, sendJson } from './context.ts'
import { requireWrite } from './datasetAccess.ts'

/**
 * `POST /comments/:dataset/setup`: the Studio's call when an editor comments (or adds a task)
 * before the dataset has an add-on; answers the add-on's name, made now or earlier.
 */
export async function handleCommentsSetup(context: RequestContext): Promise<void> {
  requireWrite(context)
  const info = await ensureCommentsDataset(context.lake, context.params.dataset ?? '')
  sendJson(context.res, 200, { datasetName: info.name, aclMode: info.aclMode })
}
