import { Fragment } from 'react'
import { personPath } from '@/lib/site'

interface Person {
  _id: string
  name: string | null
  slug: string | null
}

/**
 * "With A, B and C": the people a story (or slide) is about, each linking to their page. Plain
 * links, like the story's slide numbers: a dozen next/link at the top of the page would each
 * hydrate and prefetch a person's page as soon as the story opens.
 */
export function Byline({ people, label = 'With' }: { people: Person[] | null | undefined; label?: string }) {
  const named = (people ?? []).filter((person) => person.name)
  if (!named.length) return null
  return (
    <p className="byline">
      {label}{' '}
      {named.map((person, index) => (
        <Fragment key={person._id}>
          {index > 0 ? (index === named.length - 1 ? ' and ' : ', ') : null}
          {person.slug ? <a href={personPath(person.slug)}>{person.name}</a> : person.name}
        </Fragment>
      ))}
    </p>
  )
}
