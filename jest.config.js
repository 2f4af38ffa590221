/**
 * Lanes. A test whose name carries a tag in brackets runs only where that tag applies: `[sqlite]` and
 * `[mongodb]` follow DATABASE_URI; TEST_SKIP_TAGS (comma-separated) skips more tags, for a MongoDB-compatible
 * server that lacks a feature. Skipped tests are listed as skipped in the output.
 */
const isMongo = (process.env.DATABASE_URI ?? '').startsWith('mongodb')
const skipTags = [isMongo ? 'sqlite' : 'mongodb', ...(process.env.TEST_SKIP_TAGS ?? '').split(',')]
  .map((tag) => tag.trim())
  .filter(Boolean)
const laneNote = `tests tagged ${skipTags.map((tag) => `[${tag}]`).join(' ')} are skipped in this lane`
if (!process.env.JEST_WORKER_ID) {
  process.stderr.write(`${laneNote}\n`)
}

/**
 * Jest runs the TypeScript sources as native ES modules (Payload 3 is ESM-only), compiled by SWC.
 * `npm test` sets NODE_OPTIONS=--experimental-vm-modules for that.
 *
 * @type {import('jest').Config}
 */
const config = {
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  // Payload's pretty logger keeps a stream open after payload.destroy(); every suite closes what it opened.
  forceExit: true,
  moduleNameMapper: {
    '^@payload-config$': '<rootDir>/src/payload.config.ts',
    // The admin panel's modules import stylesheets and images; tests that call its server functions need no styles.
    '\\.(css|scss|svg|png|jpg|ico)$': '<rootDir>/tests/helpers/styleStub.ts',
  },
  testEnvironment: 'node',
  testEnvironmentOptions: {
    // Lexical's plain `node` entry uses a top-level dynamic import that Node 20 can leave unsettled;
    // the `development` build is the same code without that indirection.
    customExportConditions: ['development', 'node', 'node-addons'],
  },
  testMatch: ['<rootDir>/tests/**/*.spec.ts'],
  testNamePattern: `^(?!.*\\[(${skipTags.join('|')})\\]).*$`,
  testTimeout: 60_000,
  verbose: true,
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          target: 'es2022',
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'es6' },
      },
    ],
  },
}

export default config
