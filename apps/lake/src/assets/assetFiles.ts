import { join } from 'node:path'

/** Where an asset's bytes live: under the data dir, keyed by dataset and content hash only. */
export function assetFilePath(
  assetsDir: string,
  dataset: string,
  kind: 'images' | 'files',
  fileName: string,
): string {
  return join(assetsDir, dataset, kind, fileName)
}

/** `<sha1>-<w>x<h>.<ext>` for images, `<sha1>.<ext>` for files: nothing a caller can steer outside. */
export const IMAGE_FILE_NAME = /^([a-f0-9]{40})-(\d{1,5})x(\d{1,5})\.([a-z0-9]{2,5})$/
export const FILE_FILE_NAME = /^([a-f0-9]{40})\.([a-z0-9]{1,10})$/
