import { describe, expect, it } from 'vitest'
import { MAX_OUTPUT_PIXELS, negotiateFormat, parseImageRequest } from '../src/assets/transformParams.ts'
import { variantKey } from '../src/assets/variantCache.ts'
import { planGeometry, regionOf } from '../src/assets/variantGeometry.ts'

const source = { width: 400, height: 200, extension: 'jpg' }
const parse = (query: string, accept?: string) =>
  parseImageRequest(new URLSearchParams(query), source, accept)
const outputOf = (query: string) => {
  const { transform } = parse(query)
  if (!transform) return source
  return planGeometry(regionOf(source, transform), transform).output
}

describe('image parameters', () => {
  it('serves the original when nothing would change', () => {
    for (const query of ['', 'fit=max', 'crop=left', 'dpr=2', 'fm=jpg&fit=crop', 'auto=format', 'fm=jpg']) {
      expect(parse(query).transform, query).toBeUndefined()
    }
    expect(parse('auto=format', 'image/webp').transform?.format).toBe('webp')
  })

  it('normalises equivalent URLs to one variant', () => {
    const key = (query: string) => {
      const { transform } = parse(query)
      return transform && variantKey('a'.repeat(40), transform)
    }
    expect(key('w=200&fit=clip')).toBe(key('w=200'))
    expect(key('w=100&dpr=2')).toBe(key('w=200'))
    expect(key('w=200&crop=left')).toBe(key('w=200'))
    expect(key('w=200&fm=png&q=30')).toBe(key('w=200&fm=png'))
    expect(key('w=200&flip=vh')).toBe(key('w=200&flip=hv'))
    expect(key('w=200&bg=f00')).toBe(key('w=200&bg=ffff0000'))
    expect(key('w=200&fit=crop')).not.toBe(key('w=200&fit=crop&h=50'))
  })

  it('reads bg as RGB, ARGB, RRGGBB or AARRGGBB', () => {
    expect(parse('bg=0f08').transform?.background).toEqual({ r: 255, g: 0, b: 136, alpha: 0 })
    expect(parse('bg=80112233').transform?.background).toEqual({ r: 17, g: 34, b: 51, alpha: 0.502 })
  })

  it('negotiates AVIF before WebP and honours q=0', () => {
    expect(negotiateFormat('image/avif,image/webp,image/apng,*/*;q=0.8')).toBe('avif')
    expect(negotiateFormat('image/avif;q=0,image/webp')).toBe('webp')
    expect(negotiateFormat('*/*')).toBeUndefined()
    expect(negotiateFormat(undefined)).toBeUndefined()
  })
})

describe('fit geometry on a 400x200 source', () => {
  it.each([
    ['w=100', { width: 100, height: 50 }],
    ['h=100', { width: 200, height: 100 }],
    ['w=100&h=100', { width: 100, height: 50 }],
    ['w=800&h=800', { width: 800, height: 400 }],
    ['w=800&fit=max', { width: 400, height: 200 }],
    ['w=100&h=100&fit=crop', { width: 100, height: 100 }],
    ['w=100&h=100&fit=scale', { width: 100, height: 100 }],
    ['w=100&h=100&fit=fill', { width: 100, height: 100 }],
    ['w=800&h=800&fit=fillmax', { width: 800, height: 800 }],
    ['w=800&fit=fillmax', { width: 400, height: 200 }],
    ['w=800&h=800&fit=min', { width: 200, height: 200 }],
    ['w=100&h=80&fit=min', { width: 100, height: 80 }],
    ['w=200&fit=crop&max-h=60', { width: 200, height: 60 }],
    ['fit=crop&max-w=100', { width: 100, height: 200 }],
    ['w=100&max-h=10', { width: 100, height: 50 }],
    ['rect=0,0,100,100&w=50', { width: 50, height: 50 }],
    ['rect=350,150,100,100', { width: 50, height: 50 }],
    ['or=90&h=100', { width: 50, height: 100 }],
    ['w=8000&h=1&fit=clip', { width: 2, height: 1 }],
  ])('%s gives %o', (query, size) => {
    expect(outputOf(query)).toEqual(size)
  })

  it('keeps a derived side within 8192 pixels', () => {
    const strip = { width: 1, height: 100, extension: 'png' }
    const { transform } = parseImageRequest(new URLSearchParams('w=8000'), strip, undefined)
    if (!transform) throw new Error('expected a transform')
    expect(planGeometry(strip, transform).output).toEqual({ width: 82, height: 8192 })
  })

  it('keeps every output within 8192x4096 pixels, whatever the parameters, keeping the aspect ratio', () => {
    const large = { width: 10000, height: 8000, extension: 'jpg' }
    const plan = (query: string, from = source) => {
      const { transform } = parseImageRequest(new URLSearchParams(query), from, undefined)
      if (!transform) throw new Error('expected a transform')
      return planGeometry(regionOf(from, transform), transform).output
    }
    expect(MAX_OUTPUT_PIXELS).toBe(8192 * 4096)
    expect(plan('w=8192&h=8192&fit=scale')).toEqual({ width: 5792, height: 5792 })
    expect(plan('w=8192&h=4096&fit=crop')).toEqual({ width: 8192, height: 4096 })
    expect(plan('fit=crop&min-w=8192&min-h=8192')).toEqual({ width: 5792, height: 5792 })
    expect(plan('w=8192&h=8192&fit=fill&bg=fff')).toEqual({ width: 5792, height: 5792 })
    expect(plan('blur=5', large)).toEqual({ width: 6476, height: 5181 })
    for (const output of [plan('blur=5', large), plan('w=8192&h=8192&fit=scale')]) {
      expect(output.width * output.height).toBeLessThanOrEqual(MAX_OUTPUT_PIXELS)
    }
  })

  it('cuts the focal-point window inside the image', () => {
    const { transform } = parse('w=100&h=100&fit=crop&crop=focalpoint&fp-x=1&fp-y=0')
    if (!transform) throw new Error('expected a transform')
    expect(planGeometry(source, transform)).toEqual({
      resize: { kind: 'exact', width: 200, height: 100 },
      extract: { left: 100, top: 0, width: 100, height: 100 },
      output: { width: 100, height: 100 },
    })
  })
})
