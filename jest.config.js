// One Jest config, three projects selected by file suffix (ARCHITECTURE.md §9).
const fs = require('fs');

const libs = fs.readdirSync(`${__dirname}/libs`);
const moduleNameMapper = {};
for (const lib of libs) {
  moduleNameMapper[`^@roaming/${lib}$`] = `<rootDir>/libs/${lib}/src`;
  moduleNameMapper[`^@roaming/${lib}/(.*)$`] = `<rootDir>/libs/${lib}/src/$1`;
}

const base = {
  rootDir: __dirname,
  // Transpile only (no type check per test file: `npm run typecheck`/`build` does that once, fast).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
};

module.exports = {
  // Integration and e2e tests start real brokers and databases; unit tests stay far below this.
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testRegex: '.*\\.spec\\.ts$' },
    { ...base, displayName: 'integration', testRegex: '.*\\.int-spec\\.ts$' },
    { ...base, displayName: 'e2e', testRegex: '.*\\.e2e-spec\\.ts$' },
  ],
};
