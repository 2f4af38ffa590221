import type { Metadata } from 'next'

import { notFound } from 'next/navigation'

import type { Media } from '../../../../payload-types'

import { getSettings } from '../../../../settings'
import { Pagination } from '../../../../site/components/Pagination'
import { Picture } from '../../../../site/components/Picture'
import { StoryList } from '../../../../site/components/StoryList'
import { findAuthor, latestStories } from '../../../../site/content'
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
  const author = await findAuthor(slug)
  if (!author) {
    return { robots: { index: false } }
  }
  const path = pathOf(site, 'author', slug)
  return {
    alternates: { canonical: path, types: feedAlternates(site, `/authors/${encodeURIComponent(slug)}`, author.name) },
    description: author.bio ?? `Stories by ${author.name}.`,
    openGraph: { type: 'profile', title: author.name, url: path },
    title: author.name,
  }
}

export default async function AuthorPage({ params, searchParams }: Props) {
  const { site } = getSettings()
  const slug = decodeURIComponent((await params).slug)
  const author = await findAuthor(slug)
  if (!author) {
    notFound()
  }
  const page = pageNumberOf((await searchParams).page)
  const stories = await latestStories({ page, where: { authors: author.id } })
  const avatar = typeof author.avatar === 'object' && author.avatar ? author.avatar : undefined
  return (
    <>
      <header className="profile">
        {avatar ? <Picture alt={`Portrait of ${author.name}`} media={avatar} sizes="8rem" /> : null}
        <div>
          <h1 className="page-title">{author.name}</h1>
          {author.bio ? <p className="bio">{author.bio}</p> : null}
        </div>
      </header>
      <h2 className="section-title">Stories by {author.name}</h2>
      <StoryList headingLevel={3} site={site} stories={stories.docs} />
      <Pagination basePath={pathOf(site, 'author', slug)} page={page} totalPages={stories.totalPages} />
    </>
  )
}
