import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Byline } from '@/components/Byline'
import { JsonLd } from '@/components/JsonLd'
import { PreviewTags } from '@/components/PreviewTags'
import { RichText } from '@/components/RichText'
import { SanityImage } from '@/components/SanityImage'
import { SiteLink } from '@/components/SiteLink'
import { SlideFigure } from '@/components/SlideFigure'
import { formatDate } from '@/lib/content'
import { prerenderedStories } from '@/lib/prerender'
import { logRender } from '@/lib/renderLog'
import { fieldEditor, slideField } from '@/lib/sanity/editAttributes'
import { slidePath, storyPath } from '@/lib/site'
import { getStory, newsArticleJsonLd, storyMetadata } from '@/lib/stories'

export const revalidate = 3600
// Stories left out of the build (lib/prerender.ts) render on their first request, then stay cached.
export const dynamicParams = true

interface Props {
  params: Promise<{ slug: string }>
}

export async function generateStaticParams() {
  return (await prerenderedStories()).map(({ slug }) => ({ slug }))
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params
  logRender(storyPath(slug))
  const story = await getStory(slug)
  // Here too, so a missing story gets the not-found page's title rather than the site's bare name.
  if (!story?.slug) notFound()
  return storyMetadata(story)
}

/**
 * The whole story on one page: the canonical URL, every slide anchored as #slide-N. Every publish
 * of the story re-renders it (lib/revalidation/changedPages.ts).
 */
export default async function StoryPage({ params }: Props) {
  const { slug } = await params
  logRender(storyPath(slug))
  const story = await getStory(slug)
  if (!story?.slug) notFound()
  const slides = story.slides ?? []
  const edit = await fieldEditor({ _id: story._id, _type: 'article' })
  return (
    <article>
      <JsonLd data={newsArticleJsonLd(story)} />
      <header className="story-header">
        <h1 {...edit('title')}>{story.title}</h1>
        <div className="dek" {...edit('dek')}>
          <RichText value={story.dek} />
        </div>
        <Byline people={story.people} />
        <p className="meta">
          {story.publishedAt ? (
            <>
              <time dateTime={story.publishedAt}>{formatDate(story.publishedAt)}</time> ·{' '}
            </>
          ) : null}
          {slides.length} photos
        </p>
        {slides.length ? (
          <SiteLink className="slideshow-link" href={slidePath(story.slug, 1)}>
            View as a slideshow →
          </SiteLink>
        ) : null}
      </header>
      {story.heroImage?.asset ? (
        <figure className="photo story-hero" {...edit('heroImage')}>
          <SanityImage image={story.heroImage} width={1200} sizes="(min-width: 60rem) 56rem, 100vw" lcp />
          {story.heroImage.credit?.trim() ? (
            <figcaption className="credit" {...edit('heroImage.credit')}>
              {story.heroImage.credit}
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      <ol className="slides">
        {slides.map((slide, index) => (
          <li key={slide._key} id={`slide-${index + 1}`} className="slide">
            <SlideFigure
              image={slide.image}
              credit={slide.credit}
              edit={{
                image: edit(slideField(slide._key, 'image')),
                credit: edit(slideField(slide._key, 'credit')),
              }}
            />
            <div className="text">
              <p className="slide-number">
                {/* A plain link, not a Next link: forty of them would each hydrate and prefetch a page in view. */}
                <a href={slidePath(story.slug ?? '', index + 1)}>{`${index + 1} / ${slides.length}`}</a>
              </p>
              <h2 {...edit(slideField(slide._key, 'heading'))}>{slide.heading}</h2>
              <div className="slide-body" {...edit(slideField(slide._key, 'body'))}>
                <RichText value={slide.body} />
              </div>
            </div>
          </li>
        ))}
      </ol>
      <PreviewTags />
    </article>
  )
}
