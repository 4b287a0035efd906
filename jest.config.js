/**
 * Unit specs live beside the code (src/**\/*.spec.ts); e2e specs in test/ run through HTTP
 * against a real PostgreSQL: DATABASE_URL when set, else an embedded in-memory one per file.
 * @type {import('jest').Config}
 */
// NestJS 12 ships as ES modules only; jest on Node 20 cannot require() them, so these
// packages are compiled to CommonJS by test/esm-transformer.js (the app itself loads them natively).
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  '@standard-schema',
  'toad-cache',
  'cookie',
  'set-cookie-parser',
  'content-disposition',
  'libphonenumber-js',
];

const common = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+/node_modules/.+\\.m?js$': '<rootDir>/test/esm-transformer.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
