import { PERSON_QUERY } from '@slideshow/sanity/queries'
import type { PERSON_QUERY_RESULT } from '@slideshow/sanity/types'
import { rolesLabel } from '@slideshow/schema/personRoles'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { cache } from 'react'
import { PreviewTags } from '@/components/PreviewTags'
import { RichText } from '@/components/RichText'
import { SanityImage } from '@/components/SanityImage'
import { SiteLink } from '@/components/SiteLink'
import { formatDate, plainText, truncate } from '@/lib/content'
import { isExternal, socialHref } from '@/lib/links'
import { prerenderedStories } from '@/lib/prerender'
import { logRender } from '@/lib/renderLog'
import { personTag, STORIES_TAG } from '@/lib/revalidation/tags'
import { fieldEditor } from '@/lib/sanity/editAttributes'
import { missingWhenUnreachable, sanityFetch } from '@/lib/sanity/fetch'
import { fixedImageUrl } from '@/lib/sanity/image'
import { personPath, slidePath, storyPath } from '@/lib/site'

export const revalidate = 3600
// People left out of the build (lib/prerender.ts) render on their first request, then stay cached.
export const dynamicParams = true

interface Props {
  params: Promise<{ slug: string }>
}

// The page lists the stories a person appears in, so any story change refreshes it too.
const getPerson = cache(
  (slug: string): Promise<PERSON_QUERY_RESULT> =>
    missingWhenUnreachable(
      sanityFetch({ query: PERSON_QUERY, params: { slug }, tags: [personTag(slug), STORIES_TAG] }),
    ),
)

/** The people of the stories `next build` renders ahead of time. */
export async function generateStaticParams() {
  const slugs = new Set((await prerenderedStories()).flatMap((story) => story.people))
  return [...slugs].map((slug) => ({ slug }))
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params
  logRender(personPath(slug))
  const person = await getPerson(slug)
  // Here too, so a missing person gets the not-found page's title rather than the site's bare name.
  if (!person?.slug) notFound()
  const description = truncate(plainText(person.bio)) || `${person.name} in our stories.`
  const portrait = fixedImageUrl(person.portrait, { width: 600, height: 600 })
  return {
    title: person.name,
    description,
    alternates: { canonical: personPath(person.slug) },
    openGraph: {
      type: 'profile',
      title: person.name ?? undefined,
      description,
      url: personPath(person.slug),
      ...(portrait ? { images: [{ url: portrait, width: 600, height: 600 }] } : {}),
    },
    twitter: { card: 'summary', title: person.name ?? undefined, description },
  }
}

const SOCIAL_LABELS: Record<string, string> = {
  instagram: 'Instagram',
  x: 'X',
  tiktok: 'TikTok',
  website: 'Website',
}

/**
 * A person: portrait, bio, and every story and slide they appear in. What it shows of stories is
 * its view in lib/revalidation/changedPages.ts: a story's publish re-renders it only when that changes.
 */
export default async function PersonPage({ params }: Props) {
  const { slug } = await params
  logRender(personPath(slug))
  const person = await getPerson(slug)
  if (!person?.slug) notFound()
  const edit = await fieldEditor({ _id: person._id, _type: 'person' })
  // As the Studio lists them ("Actor"), not as stored ("actor").
  const roles = rolesLabel(person.roles)
  const socials = (person.socials ?? []).flatMap((social) => {
    const href = socialHref(social)
    return href ? [{ ...social, href }] : []
  })
  return (
    <article className="person">
      {person.portrait?.asset ? (
        <div className="portrait" {...edit('portrait')}>
          <SanityImage image={person.portrait} width={320} aspectRatio={1} sizes="10rem" lcp />
        </div>
      ) : null}
      <h1 {...edit('name')}>{person.name}</h1>
      {roles || person.born ? (
        <p className="meta" {...edit(person.born && !roles ? 'born' : 'roles')}>
          {roles}
          {roles && person.born ? ' · ' : null}
          {person.born ? (
            <>
              Born <time dateTime={person.born}>{formatDate(person.born)}</time>
            </>
          ) : null}
        </p>
      ) : null}
      <div className="bio" {...edit('bio')}>
        <RichText value={person.bio} />
      </div>
      {socials.length ? (
        <ul className="meta socials" {...edit('socials')}>
          {socials.map((social) => (
            <li key={social._key}>
              <a href={social.href} {...(isExternal(social.href) ? { rel: 'noopener noreferrer' } : {})}>
                {SOCIAL_LABELS[social.platform ?? ''] ?? 'Link'}
                {social.handle ? ` @${social.handle}` : null}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <h2>Appears in</h2>
      {person.stories.length ? (
        person.stories.map((story) => {
          const slides = (story.slides ?? [])
            .map((slide, index) => ({ ...slide, n: index + 1 }))
            .filter((slide) => slide.personIds?.includes(person._id))
          return (
            <section key={story._id} aria-labelledby={`story-${story._id}`}>
              <h3 id={`story-${story._id}`}>
                <SiteLink href={storyPath(story.slug ?? '')}>{story.title}</SiteLink>
              </h3>
              {slides.length ? (
                <ol className="appearances">
                  {slides.map((slide) => (
                    <li key={slide._key} value={slide.n}>
                      {/* Plain links, as on the story page: dozens of next/link would each hydrate and prefetch a page in view. */}
                      <a href={slidePath(story.slug ?? '', slide.n)}>{slide.heading}</a>
                    </li>
                  ))}
                </ol>
              ) : null}
            </section>
          )
        })
      ) : (
        <p>Not in any published story yet.</p>
      )}
      <PreviewTags />
    </article>
  )
}
