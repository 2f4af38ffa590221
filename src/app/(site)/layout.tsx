/* The reference newsroom site: what an anonymous reader sees (src/site/content.ts), in plain HTML and CSS. */
import type { Metadata } from 'next'
import type React from 'react'

import { getSettings } from '../../settings'
import { feedAlternates } from '../../site/metadata'
import './site.css'

export function generateMetadata(): Metadata {
  const { site } = getSettings()
  return {
    alternates: { types: feedAlternates(site, '', site.name) },
    description: `The latest stories from ${site.name}.`,
    metadataBase: new URL(`${site.url}/`),
    title: { default: site.name, template: `%s — ${site.name}` },
  }
}

export default function SiteLayout({ children }: { children: React.ReactNode }) {
  const { site } = getSettings()
  return (
    <html lang={site.language}>
      <body>
        <a className="skip-link" href="#main">
          Skip to the content
        </a>
        <header className="site-header">
          <a className="site-name" href="/">
            {site.name}
          </a>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <p>
            {site.name} · <a href="/feed.xml">RSS feed</a> · <a href="/feed.atom">Atom feed</a> ·{' '}
            <a href="/feed.json">JSON Feed</a>
          </p>
        </footer>
      </body>
    </html>
  )
}
