import { getSettings } from '../../settings'
import { Pagination } from '../../site/components/Pagination'
import { StoryList } from '../../site/components/StoryList'
import { latestStories } from '../../site/content'
import { pageNumberOf } from '../../site/paths'

// Rendered on each read that misses the response cache, which holds it until the next content change.
export const dynamic = 'force-dynamic'

export default async function HomePage({ searchParams }: { searchParams: Promise<{ page?: string | string[] }> }) {
  const { site } = getSettings()
  const page = pageNumberOf((await searchParams).page)
  const stories = await latestStories({ page })
  return (
    <>
      <h1 className="page-title">Latest stories</h1>
      <StoryList site={site} stories={stories.docs} />
      <Pagination basePath="/" page={page} totalPages={stories.totalPages} />
    </>
  )
}
