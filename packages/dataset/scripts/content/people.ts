/**
 * The people in the story. Names, roles and bios are our own editorial text (not the story's);
 * `born` is set only where the date is certain, and for Carmen Gabriela it is the date the story
 * itself gives. The other children's exact birth dates are left unset on purpose.
 */

export interface Social {
  platform: 'instagram'
  /** Without the @, as the schema asks. */
  handle: string
}

export interface PersonEntry {
  slug: string
  name: string
  /** Shown on the portrait placeholder. */
  initials: string
  /** Values from the schema's fixed vocabulary, PERSON_ROLES in @slideshow/schema. */
  roles: string[]
  born?: string
  bio: string
  socials?: Social[]
  /**
   * A slide is about this person when its heading or body matches one of these. Plain name
   * mentions only, so the result can be reviewed by reading the text.
   */
  mentions: RegExp[]
}

export const people: PersonEntry[] = [
  {
    slug: 'alec-baldwin',
    name: 'Alec Baldwin',
    initials: 'AB',
    roles: ['actor'],
    born: '1958-04-03',
    bio: 'Alec Baldwin is an American actor, born in 1958 in Amityville, New York. His screen work includes The Hunt for Red October, Glengarry Glen Ross and the television comedy 30 Rock. He was married to Kim Basinger from 1993 to 2002 and married Hilaria Baldwin in 2012.',
    // "Baldwin" on its own means Alec in this story; other Baldwins always carry a first name.
    mentions: [/\bAlec\b/, /(?<!\b(?:Hilaria|Ireland|Billy) )\bBaldwin\b/],
  },
  {
    slug: 'hilaria-baldwin',
    name: 'Hilaria Baldwin',
    initials: 'HB',
    roles: ['fitness instructor', 'author', 'podcaster'],
    born: '1984-01-14',
    bio: 'Hilaria Baldwin is a yoga instructor, author and podcast host, born in 1984 in Boston, Massachusetts. She married Alec Baldwin in 2012.',
    socials: [{ platform: 'instagram', handle: 'hilariabaldwin' }],
    mentions: [/\bHilaria\b/],
  },
  {
    slug: 'kim-basinger',
    name: 'Kim Basinger',
    initials: 'KB',
    roles: ['actor'],
    born: '1953-12-08',
    bio: 'Kim Basinger is an American actor, born in 1953 in Athens, Georgia. She won the Academy Award for Best Supporting Actress for L.A. Confidential. She was married to Alec Baldwin from 1993 to 2002; they have one daughter, Ireland.',
    mentions: [/\bKim\b/, /\bBasinger\b/],
  },
  {
    slug: 'ireland-baldwin',
    name: 'Ireland Baldwin',
    initials: 'IB',
    roles: ['model'],
    born: '1995-10-23',
    bio: 'Ireland Baldwin is an American model, born in 1995. She is the daughter of Alec Baldwin and Kim Basinger.',
    mentions: [/\bIreland\b/],
  },
  {
    slug: 'carmen-gabriela-baldwin',
    name: 'Carmen Gabriela Baldwin',
    initials: 'CB',
    roles: ['child'],
    born: '2013-08-23',
    bio: 'Carmen Gabriela Baldwin is the first child of Alec and Hilaria Baldwin, born in 2013.',
    mentions: [/\bCarmen\b/],
  },
  {
    slug: 'rafael-thomas-baldwin',
    name: 'Rafael Thomas Baldwin',
    initials: 'RB',
    roles: ['child'],
    bio: 'Rafael Thomas Baldwin is the second child of Alec and Hilaria Baldwin, born in 2015.',
    mentions: [/\bRafael\b/],
  },
  {
    slug: 'leonardo-angel-charles-baldwin',
    name: 'Leonardo Angel Charles Baldwin',
    initials: 'LB',
    roles: ['child'],
    bio: 'Leonardo Angel Charles Baldwin is the third child of Alec and Hilaria Baldwin, born in 2016.',
    mentions: [/\bLeonardo\b/],
  },
  {
    slug: 'romeo-alejandro-david-baldwin',
    name: 'Romeo Alejandro David Baldwin',
    initials: 'RB',
    roles: ['child'],
    bio: 'Romeo Alejandro David Baldwin is the fourth child of Alec and Hilaria Baldwin, born in 2018.',
    mentions: [/\bRomeo\b/],
  },
  {
    slug: 'eduardo-pau-lucas-baldwin',
    name: 'Eduardo Pau Lucas Baldwin',
    initials: 'EB',
    roles: ['child'],
    bio: 'Eduardo Pau Lucas Baldwin is the fifth child of Alec and Hilaria Baldwin, born in 2020.',
    mentions: [/\bEduardo\b/],
  },
]

export const personId = (person: Pick<PersonEntry, 'slug'>): string => `person-${person.slug}`

/** The people a piece of story text names, in roster order (so output order is stable). */
export function peopleMentionedIn(...texts: string[]): PersonEntry[] {
  return people.filter((person) =>
    texts.some((text) => person.mentions.some((pattern) => pattern.test(text))),
  )
}
