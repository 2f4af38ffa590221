/**
 * `npm audit --omit=dev --json | tsx scripts/auditVerdict.ts`: the verdict on a production-dependency audit, as
 * CI needs it (.ci/audit). Prints one line per high or critical advisory and a summary.
 *
 * Exit codes: 0 no high or critical advisory (or the audit could not run and it is not required); 1 such an
 * advisory, or the audit could not run while NPM_AUDIT_REQUIRED=1.
 */
import { text } from 'node:stream/consumers'
import { fileURLToPath } from 'node:url'

/** The severities that fail the audit (npm's own scale: info, low, moderate, high, critical). */
export const FAILING_SEVERITIES = new Set(['critical', 'high'])

/** The part of npm's audit report (`npm audit --json`, report version 2) or of its error report this reads. */
type AuditReport = {
  error?: { summary?: string }
  message?: string
  metadata?: { vulnerabilities?: Record<string, number> }
  vulnerabilities?: Record<string, { fixAvailable?: unknown; name: string; range?: string; severity: string }>
}

/**
 * Judges an audit report.
 *
 * @param reportText - the JSON npm audit printed: a report, or the error it prints when the registry does not
 *   serve advisories (some mirrors answer the endpoint with 405).
 * @param isRequired - whether an audit that could not run must fail (NPM_AUDIT_REQUIRED=1).
 * @returns `lines` to print and the `exitCode`.
 */
export function auditVerdict(reportText: string, isRequired: boolean): { exitCode: 0 | 1; lines: string[] } {
  let report: AuditReport
  try {
    report = JSON.parse(reportText || '{}') as AuditReport
  } catch {
    report = { message: 'npm audit printed no JSON' }
  }
  const counts = report.metadata?.vulnerabilities
  if (!counts) {
    const reason = report.message ?? report.error?.summary ?? 'no report'
    return {
      exitCode: isRequired ? 1 : 0,
      lines: [`npm audit: NOT CHECKED, the registry did not serve advisories (${reason}).`],
    }
  }
  const serious = Object.values(report.vulnerabilities ?? {}).filter((entry) => FAILING_SEVERITIES.has(entry.severity))
  return {
    exitCode: serious.length > 0 ? 1 : 0,
    lines: [
      ...serious.map(
        (entry) => `${entry.severity}: ${entry.name} ${entry.range ?? ''} (fix: ${JSON.stringify(entry.fixAvailable)})`,
      ),
      `npm audit, production dependencies: ${Object.entries(counts)
        .map(([severity, count]) => `${severity} ${count}`)
        .join(', ')}.`,
    ],
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { exitCode, lines } = auditVerdict(await text(process.stdin), process.env.NPM_AUDIT_REQUIRED === '1')
  process.stdout.write(`${lines.join('\n')}\n`)
  process.exit(exitCode)
}
