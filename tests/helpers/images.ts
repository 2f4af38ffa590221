import sharp from 'sharp'

/**
 * A PNG of one colour, made by sharp, for upload tests.
 *
 * @param args.width - pixels; `args.height` - pixels; `args.background` - a CSS colour.
 * @returns the file's bytes.
 */
export function png({
  background = '#336699',
  height,
  width,
}: {
  background?: string
  height: number
  width: number
}): Promise<Buffer> {
  return sharp({ create: { background, channels: 3, height, width } })
    .png()
    .toBuffer()
}
