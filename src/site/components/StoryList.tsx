import type { Author } from '../../payload-types'
import type { SiteSettings } from '../../settings'
import type { Story } from '../content'

import { readableDate } from '../format'
import { pathOf } from '../paths'
import { Picture } from './Picture'

/**
 * A list of stories as cards: headline (the link, at `headingLevel` so the page's outline holds), dek, byline
 * names, date; the card image when there is one (decorative there: the headline says what the story is).
 */
export function StoryList({
  headingLevel = 2,
  site,
  stories,
}: {
  headingLevel?: 2 | 3
  site: SiteSettings
  stories: Story[]
}) {
  const Heading = headingLevel === 3 ? 'h3' : 'h2'
  if (stories.length === 0) {
    return <p className="empty">No stories yet.</p>
  }
  return (
    <ol className="story-list">
      {stories.map((story) => {
        const hero = typeof story.heroImage === 'object' && story.heroImage ? story.heroImage : undefined
        const names = (story.authors ?? [])
          .filter((author): author is Author => typeof author === 'object')
          .map((author) => author.name)
        return (
          <li className="story-card" key={story.id}>
            {hero ? <Picture alt="" media={hero} sizes="(min-width: 46rem) 12rem, 92vw" /> : null}
            <div>
              <Heading>
                <a href={pathOf(site, 'article', story.slug ?? '')}>{story.title}</a>
              </Heading>
              {story.excerpt ? <p className="dek">{story.excerpt}</p> : null}
              <p className="meta">
                {names.length ? <span>{names.join(', ')}</span> : null}
                {story.publishedAt ? (
                  <time dateTime={story.publishedAt}>{readableDate(story.publishedAt, site.language)}</time>
                ) : null}
              </p>
            </div>
          </li>
        )
      })}
    </ol>
  )
}
