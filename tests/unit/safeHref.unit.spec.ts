import { isSafeHref } from '../../utilities/safeHref'

describe('isSafeHref', () => {
  it.each([
    ['https://example.org/report', true],
    ['http://example.org', true],
    ['mailto:desk@example.org', true],
    ['tel:+212500000000', true],
    ['/news/harbour', true],
    ['#notes', true],
    ['javascript:alert(1)', false],
    [' JavaScript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['vbscript:msgbox(1)', false],
    // Regression: browsers read these as another host, not as a path on this site.
    ['//evil.example', false],
    ['/\\evil.example', false],
    ['\\\\evil.example', false],
    ['report.html', false],
  ])('should take %j as %s', (href, expected) => {
    expect(isSafeHref(href)).toBe(expected)
  })
})
