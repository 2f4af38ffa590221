/**
 * The media type of a Content-Type header value, lower-cased, without its parameters (RFC 9110 §8.3.1:
 * `type/subtype *( ; parameter )`, type and subtype case-insensitive).
 *
 * @param contentType - the header value, e.g. `Application/JSON; charset=utf-8`; '' when absent.
 * @returns e.g. `application/json`; '' for ''.
 */
export const mediaTypeOf = (contentType: string): string => contentType.split(';', 1)[0].trim().toLowerCase()
