import 'server-only'
import { SLIDE_QUERY, STORY_QUERY } from '@slideshow/sanity/queries'
import type { SLIDE_QUERY_RESULT, STORY_QUERY_RESULT } from '@slideshow/sanity/types'
import type { Metadata } from 'next'
import { cache } from 'react'
import { plainText, truncate } from './content'
import { storyTag } from './revalidation/tags'
import { missingWhenUnreachable, sanityFetch } from './sanity/fetch'
import { fixedImageUrl } from './sanity/image'
import { absoluteUrl, personPath, SITE_NAME, storyPath } from './site'

export type Story = NonNullable<STORY_QUERY_RESULT>
/** What every page of a story shows of it, in its metadata: title, description, social card. */
export type StoryCard = Pick<
  Story,
  'title' | 'slug' | 'publishedAt' | 'dek' | 'seoDescription' | 'heroImage' | 'socialImage'
>
/** A story as one slide page reads it (SLIDE_QUERY): its card, its length, that slide and the next. */
export type StoryAtSlide = NonNullable<SLIDE_QUERY_RESULT>
export type Slide = NonNullable<StoryAtSlide['slides']>[number]

const SOCIAL_IMAGE = { width: 1200, height: 630 }

/** One story by slug, shared by `generateMetadata` and the page within a request. */
export const getStory = cache(
  (slug: string): Promise<STORY_QUERY_RESULT> =>
    missingWhenUnreachable(sanityFetch({ query: STORY_QUERY, params: { slug }, tags: [storyTag(slug)] })),
)

/**
 * The story as slide `n` (from 1) shows it: that slide and the next, not all of them. Shared by
 * `generateMetadata` and the page within a request; tagged as the story, as the whole one is.
 */
export const getStoryAtSlide = cache(
  (slug: string, n: number): Promise<SLIDE_QUERY_RESULT> =>
    missingWhenUnreachable(
      sanityFetch({ query: SLIDE_QUERY, params: { slug, from: n - 1, to: n + 1 }, tags: [storyTag(slug)] }),
    ),
)

export function storyDescription(story: StoryCard): string {
  return story.seoDescription?.trim() || truncate(plainText(story.dek))
}

export function socialImage(
  story: StoryCard,
): { url: string; width: number; height: number; alt: string } | undefined {
  const image = story.socialImage?.asset ? story.socialImage : story.heroImage
  const url = fixedImageUrl(image, SOCIAL_IMAGE)
  return url ? { url, ...SOCIAL_IMAGE, alt: image?.alt ?? story.title ?? '' } : undefined
}

/** Titles, description, canonical URL (always the whole story), Open Graph and Twitter card. */
export function storyMetadata(
  story: StoryCard,
  page: { title?: string; description?: string } = {},
): Metadata {
  const title = page.title ?? story.title ?? SITE_NAME
  const description = page.description ?? storyDescription(story)
  const canonical = storyPath(story.slug ?? '')
  const image = socialImage(story)
  return {
    title,
    description,
    alternates: { canonical },
    openGraph: {
      type: 'article',
      siteName: SITE_NAME,
      title,
      description,
      url: canonical,
      ...(story.publishedAt ? { publishedTime: story.publishedAt } : {}),
      ...(image ? { images: [image] } : {}),
    },
    twitter: {
      card: image ? 'summary_large_image' : 'summary',
      title,
      description,
      ...(image ? { images: [image.url] } : {}),
    },
  }
}

export function newsArticleJsonLd(story: Story): object {
  const image = socialImage(story)
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: story.title,
    description: storyDescription(story),
    mainEntityOfPage: absoluteUrl(storyPath(story.slug ?? '')),
    ...(story.publishedAt ? { datePublished: story.publishedAt } : {}),
    dateModified: story._updatedAt,
    ...(image
      ? {
          image: [
            {
              '@type': 'ImageObject',
              url: image.url,
              width: image.width,
              height: image.height,
              ...(story.heroImage?.credit ? { creditText: story.heroImage.credit } : {}),
            },
          ],
        }
      : {}),
    about: (story.people ?? []).map((person) => ({
      '@type': 'Person',
      name: person.name,
      ...(person.slug ? { url: absoluteUrl(personPath(person.slug)) } : {}),
    })),
  }
}
