import { STORY_LIST_QUERY } from '@slideshow/sanity/queries'
import { PreviewTags } from '@/components/PreviewTags'
import { SanityImage } from '@/components/SanityImage'
import { SiteLink } from '@/components/SiteLink'
import { formatDate, plainText, truncate } from '@/lib/content'
import { logRender } from '@/lib/renderLog'
import { STORIES_TAG } from '@/lib/revalidation/tags'
import { sanityFetch } from '@/lib/sanity/fetch'
import { storyPath } from '@/lib/site'

export const revalidate = 3600

/** What it shows of each story is its view in lib/revalidation/changedPages.ts: a publish re-renders it only when that changes. */
export default async function HomePage() {
  logRender('/')
  const stories = (await sanityFetch({ query: STORY_LIST_QUERY, tags: [STORIES_TAG] })).filter(
    (story) => story.slug,
  )
  const [lead, ...rest] = stories
  if (!lead) {
    return (
      <div className="prose not-found">
        <h1>No stories yet</h1>
        <p>Publish a story in the Studio and it appears here.</p>
        <PreviewTags />
      </div>
    )
  }
  return (
    <>
      <h1 className="visually-hidden">Stories</h1>
      <article className="lead-story">
        <SiteLink href={storyPath(lead.slug ?? '')}>
          <div className="photo">
            <SanityImage
              image={lead.heroImage}
              width={1200}
              aspectRatio={3 / 2}
              sizes="(min-width: 72rem) 41rem, (min-width: 48rem) 58vw, 100vw"
              lcp
            />
          </div>
          <div className="summary">
            <p className="kicker">Featured · {lead.slideCount ?? 0} photos</p>
            <h2>{lead.title}</h2>
            <p className="dek">{lead.seoDescription ?? truncate(plainText(lead.dek), 220)}</p>
            {lead.publishedAt ? (
              <p className="meta">
                <time dateTime={lead.publishedAt}>{formatDate(lead.publishedAt)}</time>
              </p>
            ) : null}
          </div>
        </SiteLink>
      </article>
      {rest.length ? (
        <ul className="story-list" aria-label="More stories">
          {rest.map((story) => (
            <li key={story._id} className="story-card">
              <SiteLink href={storyPath(story.slug ?? '')}>
                <div className="photo">
                  <SanityImage
                    image={story.heroImage}
                    width={640}
                    aspectRatio={3 / 2}
                    sizes="(min-width: 48rem) 22rem, 100vw"
                  />
                </div>
                <h3>{story.title}</h3>
                {story.publishedAt ? (
                  <p className="meta">
                    <time dateTime={story.publishedAt}>{formatDate(story.publishedAt)}</time> ·{' '}
                    {story.slideCount ?? 0} photos
                  </p>
                ) : null}
              </SiteLink>
            </li>
          ))}
        </ul>
      ) : null}
      <PreviewTags />
    </>
  )
}
