/**
 * The Content Lake actions that make a release holding one version of a document, as an editor's
 * "New release" then "Add to release" do; and the ones that take it away again (archive, delete).
 * Suites send them with their own credentials.
 */
export function releaseWithVersion(release: {
  id: string
  title: string
  releaseType: 'asap' | 'scheduled' | 'undecided'
  publishedId: string
  /** The version's content; its `_id` is set to the release's version id. */
  document: Record<string, unknown>
}): object[] {
  return [
    {
      actionType: 'sanity.action.release.create',
      releaseId: release.id,
      metadata: { title: release.title, releaseType: release.releaseType },
    },
    {
      actionType: 'sanity.action.document.version.create',
      publishedId: release.publishedId,
      document: { ...release.document, _id: `versions.${release.id}.${release.publishedId}` },
    },
  ]
}

export function releaseRemoval(releaseId: string): object[] {
  return [
    { actionType: 'sanity.action.release.archive', releaseId },
    { actionType: 'sanity.action.release.delete', releaseId },
  ]
}
