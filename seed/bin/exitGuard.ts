/**
 * On Node 20 a script that loads the Payload config can end with exit code 0 before doing anything (an unsettled
 * top-level await in Lexical's Node entry; Payload issue #17757). This turns that silent stop into a failure.
 *
 * Call it before the config is imported.
 *
 * @param name - the command's name, for messages (`import`, `export`).
 * @returns `stop(code, message?)`: prints the message (if any) to stderr after the name, then exits the process
 *   with `code`; the only way the script should end.
 */
export function guardSilentExit(name: string): (code: number, message?: string) => never {
  let isFinished = false
  process.on('exit', (code) => {
    if (!isFinished && code === 0) {
      process.stderr.write(`${name}: the process ended before the work was done; nothing was reported.\n`)
      process.exitCode = 1
    }
  })
  return (code, message) => {
    if (message) {
      process.stderr.write(`${name}: ${message}\n`)
    }
    isFinished = true
    process.exit(code)
  }
}
