import { auditVerdict } from '../../scripts/auditVerdict'

// Shapes as npm 11 prints them with --json: an audit report (version 2) and the error a mirror without the
// advisory endpoint gives.
const report = (vulnerabilities: Record<string, { name: string; severity: string }>) =>
  JSON.stringify({
    auditReportVersion: 2,
    metadata: {
      vulnerabilities: {
        critical: Object.values(vulnerabilities).filter((entry) => entry.severity === 'critical').length,
        high: Object.values(vulnerabilities).filter((entry) => entry.severity === 'high').length,
        moderate: Object.values(vulnerabilities).filter((entry) => entry.severity === 'moderate').length,
      },
    },
    vulnerabilities: Object.fromEntries(
      Object.entries(vulnerabilities).map(([name, entry]) => [name, { ...entry, fixAvailable: true, range: '<1.2.3' }]),
    ),
  })
const ENDPOINT_REFUSED = JSON.stringify({
  error: { detail: '', summary: '' },
  message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  statusCode: 405,
})

describe('auditVerdict', () => {
  it('should fail on a high advisory and name it', () => {
    const verdict = auditVerdict(report({ lodash: { name: 'lodash', severity: 'high' } }), false)
    expect(verdict).toEqual({
      exitCode: 1,
      lines: ['high: lodash <1.2.3 (fix: true)', 'npm audit, production dependencies: critical 0, high 1, moderate 0.'],
    })
  })

  it('should fail on a critical advisory', () => {
    expect(auditVerdict(report({ qs: { name: 'qs', severity: 'critical' } }), false).exitCode).toBe(1)
  })

  it('should pass moderate advisories, and a clean report', () => {
    expect(auditVerdict(report({ debug: { name: 'debug', severity: 'moderate' } }), false).exitCode).toBe(0)
    expect(auditVerdict(report({}), true)).toEqual({
      exitCode: 0,
      lines: ['npm audit, production dependencies: critical 0, high 0, moderate 0.'],
    })
  })

  it('should say NOT CHECKED when the registry refuses, failing only when the audit is required', () => {
    const lenient = auditVerdict(ENDPOINT_REFUSED, false)
    expect(lenient.exitCode).toBe(0)
    expect(lenient.lines).toEqual([
      'npm audit: NOT CHECKED, the registry did not serve advisories (405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk).',
    ])
    expect(auditVerdict(ENDPOINT_REFUSED, true).exitCode).toBe(1)
    expect(auditVerdict('', true)).toEqual({
      exitCode: 1,
      lines: ['npm audit: NOT CHECKED, the registry did not serve advisories (no report).'],
    })
  })
})
