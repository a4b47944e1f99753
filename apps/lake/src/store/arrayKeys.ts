import { randomId } from './ids.ts'

/** Gives every object inside an array a `_key`, as the hosted API does with `autoGenerateArrayKeys`. */
export function addMissingArrayKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item) => {
      const withKeys = addMissingArrayKeys(item)
      if (
        typeof withKeys === 'object' &&
        withKeys !== null &&
        !Array.isArray(withKeys) &&
        !('_key' in withKeys)
      ) {
        return { _key: randomId(12), ...withKeys }
      }
      return withKeys
    }) as T
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, addMissingArrayKeys(item)]),
    ) as T
  }
  return value
}
