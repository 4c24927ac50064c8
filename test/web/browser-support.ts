/**
 * For the browser tests: jashik started in-process on loopback (demo mode, a fresh test
 * database and data directory), the cabinet built if its sources changed, and Debian's
 * chromium driven by playwright-core with a fresh profile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig, type Config } from '../../src/config.ts';
import { startSystem, type RunningSystem } from '../../src/app/start-system.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { buildWeb, webBuildIsStale } from '../../scripts/build-web.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

export const CHROMIUM = process.env.JASHIK_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

import { freePort } from '../../src/shared/free-port.ts';
export { freePort };

export interface WebEnv {
  base: string;
  config: Config;
  system: RunningSystem;
  db: TestDatabase;
  browser: BrowserContext;
  dataDir: string;
  artefacts: string;
  page(): Promise<Page>;
  /**
   * A page in a second browser with its own cookies and storage: another person at another
   * computer (every page() shares one profile, so one sign-in replaces the other's session).
   */
  otherPerson(): Promise<Page>;
  close(): Promise<void>;
}

export async function startWebEnv(): Promise<WebEnv> {
  if (webBuildIsStale()) await buildWeb();
  const db = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-web-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const config = loadConfig({
    JASHIK_DATA_DIR: dataDir,
    JASHIK_HTTP_PORT: String(port),
    JASHIK_HTTP_HOST: '127.0.0.1',
    JASHIK_SMTP_PORT: String(await freePort()),
    JASHIK_SMTP_HOST: '127.0.0.1',
    JASHIK_DATABASE_URL: db.url,
    JASHIK_DEMO: 'on',
    JASHIK_LOG_LEVEL: 'warn',
  });
  const system = await startSystem(config, createLogger('warn'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    // axe-core is injected as a script; the cabinet's CSP would (rightly) refuse it.
    bypassCSP: true,
    locale: 'kk-KZ',
  });
  let second: Browser | undefined;
  const artefacts = process.env.JASHIK_TEST_ARTEFACTS ?? path.join(dataDir, 'artefacts');
  fs.mkdirSync(artefacts, { recursive: true });
  return {
    base: `http://127.0.0.1:${port}`,
    config,
    system,
    db,
    browser,
    dataDir,
    artefacts,
    async page() {
      const p = await browser.newPage();
      p.setDefaultTimeout(15_000);
      return p;
    },
    async otherPerson() {
      second ??= await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      const context = await second.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, locale: 'kk-KZ' });
      const p = await context.newPage();
      p.setDefaultTimeout(15_000);
      return p;
    },
    async close() {
      await second?.close().catch(() => {});
      await browser.close().catch(() => {});
      await system.stop();
      await db.drop();
      fs.rmSync(profile, { recursive: true, force: true });
      if (!process.env.JASHIK_TEST_ARTEFACTS) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const AXE = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../../node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.1 A/AA rules) in the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  })) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

export async function hasOperation(base: string, id: string): Promise<boolean> {
  const r = await fetch(`${base}/openapi.json`);
  if (!r.ok) return false;
  const doc = (await r.json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
  return Object.values(doc.paths ?? {}).some((m) => Object.values(m).some((op) => op.operationId === id));
}
