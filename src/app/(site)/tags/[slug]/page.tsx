import type { Metadata } from 'next'

import { notFound } from 'next/navigation'

import { getSettings } from '../../../../settings'
import { Pagination } from '../../../../site/components/Pagination'
import { StoryList } from '../../../../site/components/StoryList'
import { findTag, latestStories } from '../../../../site/content'
import { feedAlternates } from '../../../../site/metadata'
import { pageNumberOf, pathOf } from '../../../../site/paths'

// Rendered on each read that misses the response cache, which holds it until the next content change.
export const dynamic = 'force-dynamic'

type Props = {
  params: Promise<{ slug: string }>
  searchParams: Promise<{ page?: string | string[] }>
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { site } = getSettings()
  const slug = decodeURIComponent((await params).slug)
  const tag = await findTag(slug)
  if (!tag) {
    return { robots: { index: false } }
  }
  return {
    alternates: {
      canonical: pathOf(site, 'tag', slug),
      types: feedAlternates(site, `/tags/${encodeURIComponent(slug)}`, `${site.name}: ${tag.name}`),
    },
    description: `Stories filed under ${tag.name}.`,
    title: tag.name,
  }
}

export default async function TagPage({ params, searchParams }: Props) {
  const { site } = getSettings()
  const slug = decodeURIComponent((await params).slug)
  const tag = await findTag(slug)
  if (!tag) {
    notFound()
  }
  const page = pageNumberOf((await searchParams).page)
  const stories = await latestStories({ page, where: { tags: tag.id } })
  return (
    <>
      <h1 className="page-title">{tag.name}</h1>
      <StoryList site={site} stories={stories.docs} />
      <Pagination basePath={pathOf(site, 'tag', slug)} page={page} totalPages={stories.totalPages} />
    </>
  )
}
