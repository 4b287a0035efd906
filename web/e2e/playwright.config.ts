import { defineConfig } from '@playwright/test';
import type { Language } from './support/fixtures';
import { BASE_URL, CHROMIUM_ARGS, CHROMIUM_PATH, OUTPUT_DIR } from './support/environment';

/**
 * The browser suite: the built app (`npm run build`) on a fresh PostgreSQL database with the demo
 * data, in Debian's Chromium, every journey once in Swedish and once in English.
 */
export default defineConfig<{ language: Language }>({
  testDir: './specs',
  outputDir: `${OUTPUT_DIR}/test-results`,
  globalSetup: './support/global-setup.ts',
  globalTeardown: './support/global-teardown.ts',
  fullyParallel: false,
  workers: Number(process.env.WEB_E2E_WORKERS ?? 2),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: `${OUTPUT_DIR}/results.json` }]] : [['list']],
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: (['sv', 'en'] satisfies Language[]).map((language) => ({ name: language, use: { language } })),
});
