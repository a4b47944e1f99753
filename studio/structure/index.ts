import type { StructureResolver } from 'sanity/structure'
import { needsAttention } from './needsAttention.ts'

export const structure: StructureResolver = (S) =>
  S.list()
    .title('Content')
    .items([
      S.listItem()
        .title('Stories')
        .schemaType('article')
        .child(
          S.documentTypeList('article')
            .title('Stories')
            .defaultOrdering([{ field: 'publishedAt', direction: 'desc' }]),
        ),
      S.listItem()
        .title('People')
        .schemaType('person')
        .child(
          S.documentTypeList('person')
            .title('People')
            .defaultOrdering([{ field: 'name', direction: 'asc' }]),
        ),
      S.divider(),
      needsAttention(S),
    ])
