import { article } from './article.ts'
import { person } from './person.ts'
import { slide } from './slide.ts'

export { ALT_TEXT_REQUIRED_MESSAGE, checkAltText, requireAltWhenAsset } from './imageAlt.ts'
export { LINK_SCHEMES, portableTextBlock } from './portableText.ts'
export { article, person, slide }

export const schemaTypes = [article, slide, person]
