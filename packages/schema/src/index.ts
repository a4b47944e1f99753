import { article } from './article.ts'
import { person } from './person.ts'
import { slide } from './slide.ts'

export { SLIDES_REQUIRED_MESSAGE, SLUG_REQUIRED_MESSAGE, TITLE_REQUIRED_MESSAGE } from './article.ts'
export { ALT_TEXT_REQUIRED_MESSAGE, checkAltText, requireAltWhenAsset } from './imageAlt.ts'
export { NAME_REQUIRED_MESSAGE, PERSON_SLUG_REQUIRED_MESSAGE } from './person.ts'
export { PERSON_ROLES, rolesLabel } from './personRoles.ts'
export { LINK_SCHEMES, portableTextBlock } from './portableText.ts'
export { MISSING_ALT_LABEL, NO_CREDIT_LABEL, SLIDE_HEADING_REQUIRED_MESSAGE, slidePreview } from './slide.ts'
export { article, person, slide }

export const schemaTypes = [article, slide, person]
