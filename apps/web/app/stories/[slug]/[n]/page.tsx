import type { Metadata } from 'next'
import { draftMode } from 'next/headers'
import { notFound } from 'next/navigation'
import { PreviewTags } from '@/components/PreviewTags'
import { RichText } from '@/components/RichText'
import { SiteLink } from '@/components/SiteLink'
import { SlideFigure } from '@/components/SlideFigure'
import { type NextImageHint, SlideNavigation } from '@/components/SlideNavigation'
import { parseSlideNumber, plainText, truncate } from '@/lib/content'
import { prerenderedStories } from '@/lib/prerender'
import { logRender } from '@/lib/renderLog'
import { fieldEditor, slideField } from '@/lib/sanity/editAttributes'
import { sanityImageProps } from '@/lib/sanity/image'
import { slidePath, storyPath } from '@/lib/site'
import { getStoryAtSlide, type Slide, type StoryAtSlide, storyMetadata } from '@/lib/stories'

export const revalidate = 3600
// Slides of stories left out of the build (lib/prerender.ts) render on their first request, then stay cached.
export const dynamicParams = true

interface Props {
  params: Promise<{ slug: string; n: string }>
}

export async function generateStaticParams() {
  return (await prerenderedStories()).flatMap(({ slug, slideCount }) =>
    Array.from({ length: slideCount }, (_, index) => ({ slug, n: String(index + 1) })),
  )
}

interface Found {
  story: StoryAtSlide
  slide: Slide
  /** The slide after, whose photo the page fetches ahead. */
  next: Slide | undefined
  n: number
}

async function findSlide(params: Props['params']): Promise<Found | null> {
  const { slug, n: raw } = await params
  logRender(`${storyPath(slug)}/${raw}`)
  const n = parseSlideNumber(raw)
  const story = n ? await getStoryAtSlide(slug, n) : null
  const [slide, next] = story?.slides ?? []
  return story?.slug && slide && n ? { story, slide, next, n } : null
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await findSlide(params)
  // Here too, so a missing slide gets the not-found page's title rather than the site's bare name.
  if (!found) notFound()
  const { story, slide, n } = found
  const total = story.slideCount ?? 0
  return storyMetadata(story, {
    title: `${slide.heading ?? `Slide ${n}`} (${n}/${total}) · ${story.title}`,
    description: truncate(plainText(slide.body)) || undefined,
  })
}

// The same widths and sizes as SlideFigure, so the prefetched variant is the one the next page uses.
function imageHint(slide: Slide | undefined): NextImageHint | undefined {
  const props = sanityImageProps(slide?.image, { width: 1200 })
  return props
    ? { src: props.src, width: props.width, height: props.height, sizes: '(min-width: 60rem) 56rem, 100vw' }
    : undefined
}

/**
 * The slideshow: one slide per page; its canonical URL is the whole story. What it renders is its
 * view in lib/revalidation/changedPages.ts: a publish re-renders it only when that changes.
 */
export default async function SlidePage({ params }: Props) {
  const found = await findSlide(params)
  if (!found) notFound()
  const { story, slide, next, n } = found
  const slug = story.slug ?? ''
  const total = story.slideCount ?? 0
  const previousHref = n > 1 ? slidePath(slug, n - 1) : undefined
  const nextHref = n < total ? slidePath(slug, n + 1) : undefined
  const edit = await fieldEditor({ _id: story._id, _type: 'article' })
  // Links to the whole story prefetch nothing: it is the site's largest page, and fetching and
  // parsing it on every slide a reader passes would compete with the slide itself on a phone. The
  // next slide is fetched ahead by SlideNavigation.
  return (
    <article className="slideshow" aria-labelledby="slide-heading">
      <div className="slideshow-top">
        <SiteLink href={`${storyPath(slug)}#slide-${n}`} prefetch={false}>
          <span className="visually-hidden">Whole story: </span>
          <span {...edit('title')}>{story.title}</span>
        </SiteLink>
        <p className="progress">
          <span className="visually-hidden">Slide </span>
          {n} / {total}
        </p>
      </div>
      <SlideFigure
        image={slide.image}
        credit={slide.credit}
        lcp
        edit={{
          image: edit(slideField(slide._key, 'image')),
          credit: edit(slideField(slide._key, 'credit')),
        }}
      />
      <h1 id="slide-heading" {...edit(slideField(slide._key, 'heading'))}>
        {slide.heading}
      </h1>
      <div className="slide-body" {...edit(slideField(slide._key, 'body'))}>
        <RichText value={slide.body} />
      </div>
      <nav className="slide-controls" aria-label="Slideshow">
        {previousHref ? (
          <SiteLink className="control previous" href={previousHref} rel="prev">
            <span aria-hidden="true">←&nbsp;</span>Previous
          </SiteLink>
        ) : (
          <SiteLink className="control previous" href={storyPath(slug)} prefetch={false}>
            <span aria-hidden="true">←&nbsp;</span>Intro
          </SiteLink>
        )}
        {nextHref ? (
          <SiteLink className="control next" href={nextHref} rel="next">
            Next<span aria-hidden="true">&nbsp;→</span>
          </SiteLink>
        ) : (
          <SiteLink className="control next" href={storyPath(slug)} prefetch={false}>
            Back to the story
          </SiteLink>
        )}
      </nav>
      <SlideNavigation
        previousHref={previousHref}
        nextHref={nextHref}
        nextImage={imageHint(next)}
        prefetch={!(await draftMode()).isEnabled}
      />
      <PreviewTags />
    </article>
  )
}
