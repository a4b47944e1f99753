import sharp from 'sharp'

/**
 * A portrait-shaped PNG: a light background with a dark "head" in the upper third, so a hotspot
 * on the face is visibly not the default centre.
 */
export async function portraitPng(): Promise<Buffer> {
  const width = 800
  const height = 1000
  const head = Buffer.from(
    `<svg width="${width}" height="${height}"><circle cx="400" cy="300" r="150" fill="#3a2a20"/></svg>`,
  )
  return sharp({ create: { width, height, channels: 3, background: { r: 226, g: 196, b: 160 } } })
    .composite([{ input: head }])
    .png()
    .toBuffer()
}
