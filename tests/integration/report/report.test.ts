import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseGexf } from 'graphology-gexf';
import { DirectedGraph } from 'graphology';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { writeReports, type WrittenReport } from '../../../src/report/index.js';
import { Simulation } from '../../../src/simulate/index.js';

/**
 * The incident report opened in Debian's headless Chromium: the graph and the
 * timeline render with no console error, and a screenshot is saved
 * (REPORT_SCREENSHOT_DIR, default a temp folder). Under CI=true a missing
 * Chromium fails the test.
 */
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
if (!existsSync(CHROMIUM) && IN_CI) throw new Error(`${CHROMIUM} not found: CI must apt-get install -y chromium`);

const dir = mkdtempSync(join(tmpdir(), 'doxguard-report-'));
const shots = process.env.REPORT_SCREENSHOT_DIR ?? join(dir, 'screenshots');
const secret = 'report-test-secret-0123456789';
let browser: Browser;
let reports: WrittenReport[] = [];
let whatIf: WrittenReport[] = [];
const PII = new Set<string>();

describe.skipIf(!existsSync(CHROMIUM))('incident report in headless Chromium', () => {
  beforeAll(async () => {
    const sim = new Simulation({
      seed: 3,
      durationMs: 4 * 3600_000,
      backgroundCascades: 100,
      viral: 0,
      doxxing: 2,
      doxxingSize: 250,
      noticeShare: 1,
    });
    const lines = [...sim.lines()];
    for (const v of sim.truth().plantedValues) PII.add(v.written || v.value);
    const input = join(dir, 'incident.ndjson');
    writeFileSync(input, lines.join('\n') + '\n');
    reports = await writeReports({
      config: validateConfig({ fingerprintSecret: secret }),
      files: [input],
      outDir: join(dir, 'out'),
    });
    const shadow = validateConfig({ fingerprintSecret: secret, policy: { shadow: true } });
    whatIf = await writeReports({
      config: validateConfig({ fingerprintSecret: secret }),
      files: [input],
      outDir: join(dir, 'what-if'),
      incidentId: reports[0]!.incidentId,
      whatIf: { config: shadow, labels: ['enforce', 'shadow'] },
    });
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (!process.env.REPORT_SCREENSHOT_DIR) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a report per warned incident, with no PII value and no external resource', () => {
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(PII.size).toBeGreaterThan(0);
    for (const r of reports) {
      const html = readFileSync(r.html, 'utf8');
      for (const v of PII) expect(html.includes(v), `planted value in ${r.html}`).toBe(false);
      expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
      expect(html).not.toMatch(/@import|url\(/);
    }
  });

  it('renders the timeline and the graph with no console error, and saves a screenshot', async () => {
    for (const r of reports) {
      const pageObj = await browser.newPage({ viewport: { width: 1040, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      pageObj.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      pageObj.on('pageerror', (e) => errors.push(String(e)));
      pageObj.on('request', (q) => !q.url().startsWith('file:') && requests.push(q.url()));
      await pageObj.goto(`file://${r.html}`);
      await pageObj.waitForSelector('body[data-rendered="true"]');
      expect(await pageObj.locator('#timeline polyline.series').count()).toBeGreaterThanOrEqual(1);
      expect(await pageObj.locator('#timeline .marker-alert').count()).toBeGreaterThanOrEqual(1);
      // the final-size forecasts the incident records carried, with the size so far beside them
      expect(await pageObj.locator('#timeline g.forecast').count()).toBeGreaterThanOrEqual(1);
      expect(await pageObj.locator('#timeline polyline.size-so-far').count()).toBe(1);
      expect(await pageObj.locator('#timeline .forecast-label').textContent()).toMatch(
        /^forecast final size \d+ posts \(80%: \d+–\d+\) at \d\d:\d\d$/,
      );
      expect(await pageObj.locator('#graph circle.node').count()).toBeGreaterThan(10);
      expect(await pageObj.locator('#graph line.edge').count()).toBeGreaterThan(5);
      expect(await pageObj.locator('#graph .key-label').count()).toBeGreaterThanOrEqual(1);
      expect(await pageObj.locator('#dimensions polyline.dimension').count()).toBe(5);
      const box = await pageObj.locator('#graph').boundingBox();
      expect(box!.width).toBeGreaterThan(500);
      expect(box!.height).toBeGreaterThan(100);
      await pageObj.screenshot({ path: join(shots, `${r.incidentId}.png`), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await pageObj.close();
    }
  }, 60_000);

  it('puts two configs side by side in what-if mode', async () => {
    expect(whatIf).toHaveLength(1);
    const pageObj = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    pageObj.on('pageerror', (e) => errors.push(String(e)));
    pageObj.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await pageObj.goto(`file://${whatIf[0]!.html}`);
    await pageObj.waitForSelector('body[data-rendered="true"]');
    expect(await pageObj.locator('#a-timeline polyline.series').count()).toBeGreaterThanOrEqual(1);
    expect(await pageObj.locator('#b-timeline polyline.series').count()).toBeGreaterThanOrEqual(1);
    // enforcing commands, shadow does not
    expect(await pageObj.locator('#a-timeline .marker-command').count()).toBeGreaterThanOrEqual(1);
    expect(await pageObj.locator('#b-timeline .marker-command').count()).toBe(0);
    await pageObj.screenshot({ path: join(shots, 'what-if.png'), fullPage: false });
    expect(errors).toEqual([]);
    await pageObj.close();
  });

  it('exports a GEXF graph Gephi (and graphology) can read', () => {
    for (const r of reports) {
      const g = parseGexf(DirectedGraph, readFileSync(r.gexf, 'utf8'));
      expect(g.order).toBeGreaterThan(10);
      expect(g.size).toBeGreaterThan(5);
      const attrs = g.getNodeAttributes(g.nodes()[0]!);
      expect(attrs).toHaveProperty('platform');
      expect(attrs).toHaveProperty('authorId');
    }
  });
});
