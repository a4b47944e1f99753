import { getFallbackLocaleSource } from '@sanity/validation/_internal'
import {
  createSchema,
  type SanityClient,
  type SanityDocument,
  type SchemaTypeDefinition,
  type ValidationMarker,
  validateDocument,
} from 'sanity'
import { schemaTypes } from '../src/index.ts'

/** Compiles types the way the Studio does (built-in asset types as parent, schema problems collected). */
export function compile(types: SchemaTypeDefinition[] = schemaTypes) {
  return createSchema({ name: 'test', types })
}

export function problemsOf(types: SchemaTypeDefinition[]) {
  return (compile(types)._validation ?? []).flatMap((group) =>
    group.problems.map((problem) => ({ path: group.path, ...problem })),
  )
}

/**
 * The only API call our schema makes during validation is the slug uniqueness query
 * (`!defined(*[... slug.current == $slug][0]._id)`). Answering it from a set keeps the tests
 * offline while still letting them see a duplicate slug. The cast is needed because the stub
 * implements only the members validation touches, not the whole `SanityClient`.
 */
function offlineClient(takenSlugs: ReadonlySet<string>): SanityClient {
  const client = {
    fetch: async (_query: string, params: { slug?: string } = {}) => !takenSlugs.has(params.slug ?? ''),
    withConfig: () => client,
  }
  return client as unknown as SanityClient
}

const schema = compile()

/**
 * Validates as the Studio does. (`@sanity/validation`'s client-based `validateDocument` runs in
 * its 'cli' environment, which downgrades every rule on object-typed fields such as slugs to
 * warnings, so it would hide what actually blocks publishing.)
 */
export function validate(
  document: SanityDocument,
  { takenSlugs = new Set<string>() }: { takenSlugs?: ReadonlySet<string> } = {},
): Promise<ValidationMarker[]> {
  return validateDocument({
    document,
    workspace: { schema, getClient: () => offlineClient(takenSlugs), i18n: getFallbackLocaleSource() },
    // References are checked against the dataset; every id in these tests counts as existing.
    getDocumentExists: async () => true,
  })
}

export function documentOf(type: string, fields: Record<string, unknown>): SanityDocument {
  const now = '2025-01-01T00:00:00Z'
  return { _id: `${type}-1`, _type: type, _rev: 'r1', _createdAt: now, _updatedAt: now, ...fields }
}

export const imageAsset = { _type: 'reference', _ref: 'image-abc123-1200x800-jpg' }
