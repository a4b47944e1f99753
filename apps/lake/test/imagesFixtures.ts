import { connect } from 'node:http2'
import sharp from 'sharp'

/** A test image whose left half is red and right half blue, so crops can be told apart by colour. */
export function splitImage(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels[(y * width + x) * 3 + (x < width / 2 ? 0 : 2)] = 255
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer()
}

export type Colour = 'red' | 'blue' | 'green' | 'transparent' | 'other'

/** The colour of one pixel, tolerant of lossy encoding. */
export async function colourAt(bytes: Buffer, x: number, y: number): Promise<Colour> {
  const pixel = await sharp(bytes)
    .ensureAlpha()
    .extract({ left: x, top: y, width: 1, height: 1 })
    .raw()
    .toBuffer()
  const [r = 0, g = 0, b = 0, alpha = 0] = pixel
  if (alpha < 32) return 'transparent'
  if (r > 190 && g < 70 && b < 70) return 'red'
  if (b > 190 && r < 70 && g < 70) return 'blue'
  if (g > 190 && r < 70 && b < 70) return 'green'
  return 'other'
}

/** GET over HTTP/2 (as the Studio does), trusting exactly the lake's local CA. */
export function http2Get(
  origin: string,
  path: string,
  ca: string,
): Promise<{ status: number; body: Buffer; type: string }> {
  const session = connect(origin, { ca })
  return new Promise<{ status: number; body: Buffer; type: string }>((resolve, reject) => {
    const stream = session.request({ ':path': path })
    const chunks: Buffer[] = []
    let status = 0
    let type = ''
    stream.on('response', (headers) => {
      status = Number(headers[':status'])
      type = String(headers['content-type'])
    })
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve({ status, body: Buffer.concat(chunks), type }))
    stream.on('error', reject)
    session.on('error', reject)
  }).finally(() => session.close())
}
