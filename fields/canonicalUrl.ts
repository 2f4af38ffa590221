import type { TextFieldSingleValidation } from 'payload'

/**
 * A canonical URL must be absolute http(s) (search engines ignore anything else in `<link rel="canonical">`).
 *
 * @returns true when empty or valid, otherwise the message shown on the field.
 */
export const validateCanonicalUrl: TextFieldSingleValidation = (value) => {
  if (!value) {
    return true
  }
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? true : 'Use an http:// or https:// address.'
  } catch {
    return 'Not a URL: use an absolute address such as https://example.com/story.'
  }
}
