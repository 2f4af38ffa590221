import type { Metadata } from 'next'

import { notFound } from 'next/navigation'

import type { Author, Media, Tag } from '../../../../payload-types'

import { serverOrigin } from '../../../../../utilities/publicUrls'
import { getSettings } from '../../../../settings'
import { ArticleBody } from '../../../../site/components/ArticleBody'
import { LivePreviewListener } from '../../../../site/components/LivePreviewListener'
import { Picture } from '../../../../site/components/Picture'
import { findArticle } from '../../../../site/content'
import { isDistinctDek, readableDate, wasUpdated } from '../../../../site/format'
import { articleMetadata, jsonLdText } from '../../../../site/metadata'
import { pathOf } from '../../../../site/paths'

// Rendered on each read that misses the response cache, which holds it until the next content change; a preview
// (`?preview=<token>`) is never cached (src/http/responseCache.ts).
export const dynamic = 'force-dynamic'

type Props = {
  params: Promise<{ slug: string }>
  searchParams: Promise<{ preview?: string | string[] }>
}

async function load({ params, searchParams }: Props) {
  const { slug } = await params
  const { preview } = await searchParams
  return findArticle(decodeURIComponent(slug), typeof preview === 'string' ? preview : undefined)
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { article, isPreview } = await load(props)
  if (!article) {
    return { robots: { index: false } }
  }
  const metadata = articleMetadata({ article, site: getSettings().site })
  return isPreview ? { ...metadata, robots: { follow: false, index: false } } : metadata
}

export default async function ArticlePage(props: Props) {
  const settings = getSettings()
  const { site } = settings
  const { article, isPreview } = await load(props)
  if (!article) {
    notFound()
  }
  const hero = typeof article.heroImage === 'object' && article.heroImage ? article.heroImage : undefined
  const authors = (article.authors ?? []).filter((author): author is Author => typeof author === 'object')
  const tags = (article.tags ?? []).filter((tag): tag is Tag => typeof tag === 'object')
  return (
    <article className="article">
      {isPreview ? (
        <p className="preview-banner" role="status">
          Preview of a draft: readers do not see this version yet.
        </p>
      ) : null}
      {isPreview ? <LivePreviewListener serverURL={serverOrigin(settings)} /> : null}
      {article.jsonLd && !isPreview ? (
        <script dangerouslySetInnerHTML={{ __html: jsonLdText(article.jsonLd) }} type="application/ld+json" />
      ) : null}
      <header className="article-header">
        <h1>{article.title}</h1>
        {isDistinctDek(article.excerpt, article.contentText) ? <p className="dek">{article.excerpt}</p> : null}
        <div className="meta">
          {authors.length ? (
            <p className="byline">
              By{' '}
              {authors.map((author, index) => (
                <span key={author.id}>
                  {index > 0 ? (index === authors.length - 1 ? ' and ' : ', ') : null}
                  <a href={pathOf(site, 'author', author.slug ?? '')} rel="author">
                    {author.name}
                  </a>
                </span>
              ))}
            </p>
          ) : null}
          <p className="dates">
            {article.publishedAt ? (
              <span>
                Published <time dateTime={article.publishedAt}>{readableDate(article.publishedAt, site.language)}</time>
              </span>
            ) : null}
            {wasUpdated(article.publishedAt, article.updatedAt) ? (
              <span>
                Updated <time dateTime={article.updatedAt}>{readableDate(article.updatedAt, site.language)}</time>
              </span>
            ) : null}
            {article.readingTime ? <span className="reading-time">{article.readingTime} min read</span> : null}
          </p>
        </div>
      </header>
      {hero ? (
        <figure className="hero">
          <Picture isEager media={hero} sizes="(min-width: 62rem) 60rem, 100vw" />
          {hero.caption || hero.credit ? (
            <figcaption>
              {hero.caption} {hero.credit ? <span className="credit">{hero.credit}</span> : null}
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      <ArticleBody content={article.content} site={site} />
      {tags.length ? (
        <footer className="article-footer">
          <h2 className="visually-hidden">Tags</h2>
          <ul className="tags">
            {tags.map((tag) => (
              <li key={tag.id}>
                <a href={pathOf(site, 'tag', tag.slug ?? '')} rel="tag">
                  {tag.name}
                </a>
              </li>
            ))}
          </ul>
        </footer>
      ) : null}
    </article>
  )
}
