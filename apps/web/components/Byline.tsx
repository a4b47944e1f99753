import { Fragment } from 'react'
import { SiteLink } from '@/components/SiteLink'
import { personPath } from '@/lib/site'

interface Person {
  _id: string
  name: string | null
  slug: string | null
}

/** "With A, B and C": the people a story (or slide) is about, each linking to their page. */
export function Byline({ people, label = 'With' }: { people: Person[] | null | undefined; label?: string }) {
  const named = (people ?? []).filter((person) => person.name)
  if (!named.length) return null
  return (
    <p className="byline">
      {label}{' '}
      {named.map((person, index) => (
        <Fragment key={person._id}>
          {index > 0 ? (index === named.length - 1 ? ' and ' : ', ') : null}
          {person.slug ? <SiteLink href={personPath(person.slug)}>{person.name}</SiteLink> : person.name}
        </Fragment>
      ))}
    </p>
  )
}
