import { type CustomValidator, defineField } from 'sanity'

export const ALT_TEXT_REQUIRED_MESSAGE = 'Every image needs alt text for screen readers'

function hasAsset(image: unknown): boolean {
  return typeof image === 'object' && image !== null && 'asset' in image && image.asset != null
}

/**
 * Alt text is only required once an image has been chosen: an empty image field is not an
 * accessibility problem, and requiring alt up front would block saving half-finished slides.
 */
export function checkAltText(alt: string | undefined, image: unknown): true | string {
  if (!hasAsset(image)) return true
  return alt?.trim() ? true : ALT_TEXT_REQUIRED_MESSAGE
}

/** Runs on the `alt` field, so `context.parent` is the image object that holds the asset. */
export const requireAltWhenAsset: CustomValidator<string | undefined> = (alt, context) =>
  checkAltText(alt, context.parent)

export const altTextField = defineField({
  name: 'alt',
  title: 'Alternative text',
  type: 'string',
  description: 'Describe what the image shows for readers who cannot see it.',
  validation: (rule) => rule.custom(requireAltWhenAsset),
})
