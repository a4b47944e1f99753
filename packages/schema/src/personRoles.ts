/*
 * The fixed vocabulary of a person's roles: stored as `value`, shown as `title` in the Studio and
 * on the site alike. No `sanity` import, so the site can use it without bundling the Studio.
 */

export const PERSON_ROLES = [
  { title: 'Actor', value: 'actor' },
  { title: 'Model', value: 'model' },
  { title: 'Fitness instructor', value: 'fitness instructor' },
  { title: 'Author', value: 'author' },
  { title: 'Podcaster', value: 'podcaster' },
  { title: 'TV host', value: 'tv host' },
  { title: 'Director', value: 'director' },
  { title: 'Producer', value: 'producer' },
  { title: 'Photographer', value: 'photographer' },
  { title: 'Child', value: 'child' },
]

const roleTitles = new Map(PERSON_ROLES.map((role) => [role.value, role.title]))

/** Roles as editors picked them (their titles), not as stored. */
export function rolesLabel(roles: unknown): string | undefined {
  if (!Array.isArray(roles) || roles.length === 0) return undefined
  return roles.map((role) => roleTitles.get(role) ?? String(role)).join(', ')
}
