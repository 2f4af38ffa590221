/**
 * `npm run import -- <file or folder>… [--dry-run] [--force] [--report out.json]`: imports news documents.
 * Run through `payload run`, which loads .env the way the app does. See ./cli.ts for options and exit codes.
 */
import { runImportCli } from './cli'

await runImportCli({ name: 'import', argv: process.argv.slice(2) })
