import type { Media } from '../../payload-types'

import { imageSources } from '../../../utilities/imageSources'

/**
 * An uploaded image at the widths it was stored in (`srcset`), lazily loaded unless it is the page's first image.
 * `alt` is always present: the media's required alt text, or the override given (an empty one marks decoration).
 */
export function Picture({
  alt,
  isEager = false,
  media,
  sizes,
}: {
  alt?: null | string
  isEager?: boolean
  media: Media
  sizes: string
}) {
  const sources = imageSources(media)
  if (!sources) {
    return null
  }
  return (
    <img
      alt={alt ?? media.alt ?? ''}
      decoding="async"
      fetchPriority={isEager ? 'high' : undefined}
      height={sources.height}
      loading={isEager ? 'eager' : 'lazy'}
      sizes={sizes}
      src={sources.src}
      srcSet={sources.srcSet || undefined}
      width={sources.width}
    />
  )
}
