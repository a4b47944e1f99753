// The generated dataset the query benchmark (bench/query.ts) runs on: people, articles shaped
// like the Baldwin story (43 slides, references to people) and filler documents.

export type BenchDocument = Record<string, unknown> & { _id: string }

export function generate(total: number): BenchDocument[] {
  const people = Math.max(10, Math.floor(total * 0.05))
  const articles = Math.max(1, Math.floor(total * 0.01))
  const docs: BenchDocument[] = []
  for (let index = 0; index < people; index++) {
    docs.push({
      _id: `person-${index}`,
      _type: 'person',
      name: `Person ${index}`,
      slug: { current: `person-${index}` },
    })
  }
  for (let index = 0; index < articles; index++) {
    const ref = (n: number) => ({
      _type: 'reference',
      _key: `r${n}`,
      _ref: `person-${(index * 7 + n) % people}`,
    })
    docs.push({
      _id: `article-${index}`,
      _type: 'article',
      title: `Story ${index}`,
      slug: { current: `story-${index}` },
      people: [ref(0), ref(1)],
      slides: Array.from({ length: 43 }, (_, n) => ({
        _key: `s${n}`,
        _type: 'slide',
        heading: `Heading ${n}`,
        body: [
          {
            _type: 'block',
            _key: `b${n}`,
            children: [{ _type: 'span', _key: 'x', text: 'Text '.repeat(40) }],
          },
        ],
        credit: `Photographer ${n}`,
        people: [ref(n % 3)],
      })),
    })
  }
  for (let index = docs.length; index < total; index++) {
    docs.push({ _id: `filler-${index}`, _type: 'filler', n: index, title: `Filler ${index}` })
  }
  return docs
}

/** Splits documents into transactions that stay under the lake's request body limit. */
export function* batchesUnder(docs: BenchDocument[], maxBytes: number) {
  let batch: BenchDocument[] = []
  let bytes = 0
  for (const doc of docs) {
    const size = JSON.stringify(doc).length
    if (batch.length > 0 && bytes + size > maxBytes) {
      yield batch
      batch = []
      bytes = 0
    }
    batch.push(doc)
    bytes += size
  }
  if (batch.length > 0) yield batch
}

/** `count` ids spread evenly over the dataset, in an order unlike dataset order. */
export function spreadIds(docs: BenchDocument[], count: number): string[] {
  const step = Math.max(1, Math.floor(docs.length / count))
  const ids = Array.from({ length: Math.min(count, docs.length) }, (_, n) => docs[n * step]?._id ?? '')
  return ids.reverse()
}
