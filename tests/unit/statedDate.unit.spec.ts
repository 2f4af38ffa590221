import { parseStatedDate } from '../../seed/formats/statedDate'

describe('parseStatedDate', () => {
  it.each([
    ['2026-11-29', '2026-11-29T00:00:00.000Z'],
    ['2026-11-29T08:30:00Z', '2026-11-29T08:30:00.000Z'],
    ['2026-11-29T08:30:00+01:00', '2026-11-29T07:30:00.000Z'],
    ['2026-11-29 08:30+0100', '2026-11-29T07:30:00.000Z'],
  ])('should read %j as %j', (value, iso) => {
    expect(parseStatedDate(value)).toBe(iso)
  })

  // Regression: these were read in the importing machine's time zone.
  it.each([
    ['2026-11-29T08:30:00', /no time zone/],
    ['2026-11-29 08:30', /no time zone/],
    ['November 29, 2026', /not a date such as/],
    ['29/11/2026', /not a date such as/],
    ['2026-02-30', /not a calendar date/],
  ])('should refuse %j', (value, message) => {
    expect(() => parseStatedDate(value)).toThrow(message)
  })
})
