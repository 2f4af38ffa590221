import type { Media } from '../src/payload-types'

/** An image as an `<img>` needs it: a fallback `src`, every stored width in `srcSet`, its intrinsic size. */
export type ImageSources = { height?: number; src: string; srcSet: string; width?: number }

/**
 * The sources of an uploaded image: the original and each size sharp made at upload (collections/Media.ts),
 * as `srcset` width descriptors (HTML §4.8.4.2), widest last. Cropped sizes (`thumbnail`, 4:3) are left out when
 * the original has another shape, so the browser never swaps the picture's framing for a width.
 *
 * @param media - a populated media document.
 * @returns the sources, or undefined for a document without a URL (not an image on disk).
 */
export function imageSources(media: Pick<Media, 'height' | 'sizes' | 'url' | 'width'>): ImageSources | undefined {
  if (!media.url) {
    return undefined
  }
  const ratio = media.width && media.height ? media.width / media.height : undefined
  // The original first: a stored size of the same width replaces it (sharp's output, usually the smaller file).
  const original = media.width ? [{ height: media.height ?? 0, url: media.url, width: media.width }] : []
  const sized = Object.values(media.sizes ?? {}).filter(
    (size): size is { height: number; url: string; width: number } =>
      Boolean(size?.url && size.width && size.height) &&
      (ratio === undefined || Math.abs(size.width! / size.height! - ratio) < 0.02),
  )
  const byWidth = [...new Map([...original, ...sized].map((size) => [size.width, size])).values()].sort(
    (a, b) => a.width - b.width,
  )
  return {
    height: media.height ?? undefined,
    src: media.url,
    srcSet: byWidth.map((size) => `${size.url} ${size.width}w`).join(', '),
    width: media.width ?? undefined,
  }
}
