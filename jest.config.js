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
  },
  testEnvironment: 'node',
  testEnvironmentOptions: {
    // Lexical's plain `node` entry uses a top-level dynamic import that Node 20 can leave unsettled;
    // the `development` build is the same code without that indirection.
    customExportConditions: ['development', 'node', 'node-addons'],
  },
  testMatch: ['<rootDir>/tests/**/*.spec.ts'],
  testTimeout: 60_000,
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
