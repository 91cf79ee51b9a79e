// One entry for every test layer; `jest --selectProjects <name>` runs one.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const base = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json'],
  testEnvironment: 'node',
  // @noble/ed25519 (the phone's offline signature check) ships only as an ES module.
  transformIgnorePatterns: ['/node_modules/(?!@noble/ed25519/)'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Harnesses seed the demo and start a store: on a loaded 2-core machine a hook can pass 5 s.
  // These are behaviour tests; speed is measured by the benches, not by this timeout.
  testTimeout: 20_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...base, displayName: 'api', testMatch: ['<rootDir>/tests/api/**/*.test.ts'] },
    { ...base, displayName: 'conformance', testMatch: ['<rootDir>/tests/conformance/**/*.test.ts'] },
    {
      ...base,
      displayName: 'miniapp',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/miniapp/**/*.test.ts?(x)'],
    },
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.test.ts'] },
    { ...base, displayName: 'journey', testMatch: ['<rootDir>/tests/journey/**/*.test.ts'] },
  ],
};
