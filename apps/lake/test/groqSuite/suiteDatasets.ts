import type { SanityClient } from '@sanity/client'
import { API_VERSION, type Target } from '../harness.ts'
import { inIdOrder } from './answers.ts'
import type { SuiteDataset } from './compile.ts'

type Document = Record<string, unknown>

/** A suite dataset as the lake holds it. */
export interface LakeDataset {
  suite: SuiteDataset
  /** The suite's documents in `_id` order, as groq-js's runner evaluates them. */
  sent: Document[]
  /** The lake's name for it. */
  name: string
  /** What the lake stored, read back through its export, in `_id` order. */
  stored: Document[]
  /** Suite documents under `_.` (system documents), which only the lake itself writes. */
  systemDocuments: Document[]
}

/** The ids hosted keeps for its own documents (`_.releases.*`, `_.groups.*`): no caller writes them. */
export const isSystemId = (id: unknown) => typeof id === 'string' && id.startsWith('_.')

/**
 * Makes one lake dataset per suite dataset, as hosted makes them (`PUT /projects/:id/datasets/:name`),
 * and writes its documents in one transaction (so references between them resolve), except the
 * system documents, which the lake refuses from callers as hosted does.
 */
export async function loadSuiteDataset(
  target: Target,
  client: SanityClient,
  suite: SuiteDataset,
  name: string,
): Promise<LakeDataset> {
  await client.request({ method: 'PUT', url: `/projects/${target.projectId}/datasets/${name}` })
  const documents = suite.documents ?? []
  const systemDocuments = documents.filter((doc) => isSystemId(doc._id))
  const written = documents.filter((doc) => !isSystemId(doc._id))
  if (written.length > 0) {
    await client
      .withConfig({ dataset: name })
      .mutate(written.map((doc) => ({ create: doc })) as Parameters<SanityClient['mutate']>[0], {
        returnDocuments: false,
      })
  }
  const stored = inIdOrder(await exported(target, name))
  return { suite, sent: inIdOrder(documents), name, stored, systemDocuments }
}

/** Every document the lake holds in `dataset`, from its export (not through the query engine under test). */
async function exported(target: Target, dataset: string): Promise<Document[]> {
  const response = await fetch(`${target.url}/v${API_VERSION}/data/export/${dataset}`, {
    headers: { authorization: `Bearer ${target.writeToken}` },
  })
  if (!response.ok) throw new Error(`export of ${dataset} answered ${response.status}`)
  return (await response.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Document)
}
