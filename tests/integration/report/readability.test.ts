import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { writeReports } from '../../../src/report/index.js';
import { Simulation } from '../../../src/simulate/index.js';

/**
 * The report stays readable as the incident grows: a Weibo→Douyin incident of ~25, ~200 and ~2,000 posts
 * opened in Debian's headless Chromium. Every label of the timeline and the graph lies inside its drawing,
 * no two labels overlap, command markers on one lane are never drawn on top of each other, the redacted
 * values are shown in their documented form, and a screenshot of each is saved (REPORT_SCREENSHOT_DIR).
 */
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'doxguard-readable-'));
const shots = process.env.REPORT_SCREENSHOT_DIR ?? join(dir, 'screenshots');
const SIZES = { small: 25, medium: 200, large: 2000 } as const;
let browser: Browser;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

/** Boxes of the elements matching `selector` inside `svg`, and the svg's own box. */
async function boxes(page: Page, svg: string, selector: string): Promise<{ svg: Box; items: Box[] }> {
  const frame = (await page.locator(svg).boundingBox())!;
  const loc = page.locator(`${svg} :is(${selector})`);
  const items: Box[] = [];
  for (let i = 0; i < (await loc.count()); i++) {
    const b = await loc.nth(i).boundingBox();
    if (b) items.push({ ...b, text: (await loc.nth(i).textContent()) ?? '' });
  }
  return { svg: { ...frame, text: '' }, items };
}

const overlap = (a: Box, b: Box): number =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

describe.skipIf(!existsSync(CHROMIUM))('the report is readable at every incident size', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (!process.env.REPORT_SCREENSHOT_DIR) rmSync(dir, { recursive: true, force: true });
  });

  it.each(Object.entries(SIZES))(
    '%s (%i posts): labels inside their drawing and apart, markers apart, values redacted as documented',
    async (name, size) => {
      const sim = new Simulation({
        seed: 5,
        durationMs: 3 * 3600_000,
        backgroundCascades: 20,
        viral: 0,
        doxxing: 1,
        doxxingSize: size,
        noticeShare: 0,
        business: 0,
        publicInterest: 0,
        news: 0,
        doxxingRoutes: [['weibo', 'douyin']],
      });
      const input = join(dir, `${name}.ndjson`);
      writeFileSync(input, [...sim.lines()].join('\n') + '\n');
      const [report] = await writeReports({
        config: validateConfig({ fingerprintSecret: 'readable-secret-0123456789' }),
        files: [input],
        outDir: join(dir, name),
      });
      expect(report).toBeDefined();
      const page = await browser.newPage({ viewport: { width: 1040, height: 900 } });
      await page.goto(`file://${report!.html}`);
      await page.waitForSelector('body[data-rendered="true"]');

      for (const [svg, labels] of [
        ['#timeline', '.lane-label, .alert-label, .forecast-label, .axis'],
        ['#graph', '.key-label, .band'],
      ] as const) {
        const { svg: frame, items } = await boxes(page, svg, labels);
        expect(items.length, `${svg} labels`).toBeGreaterThan(0);
        for (const b of items) {
          expect(b.x, `${svg} "${b.text}" left`).toBeGreaterThanOrEqual(frame.x - 0.5);
          expect(b.x + b.width, `${svg} "${b.text}" right`).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
        }
        const keyLabels = items.filter((b) => b.height > 0);
        for (let i = 0; i < keyLabels.length; i++)
          for (let j = i + 1; j < keyLabels.length; j++) {
            const [a, b] = [keyLabels[i]!, keyLabels[j]!];
            const area = overlap(a, b);
            expect(area, `${svg} "${a.text}" over "${b.text}"`).toBeLessThan(
              0.15 * Math.min(a.width * a.height, b.width * b.height),
            );
          }
      }
      // command markers: on each lane, none drawn over another
      const markers = await boxes(page, '#timeline', '.marker-command');
      expect(markers.items.length).toBeGreaterThan(1);
      const lanes = new Map<number, Box[]>();
      for (const m of markers.items) lanes.set(Math.round(m.y), [...(lanes.get(Math.round(m.y)) ?? []), m]);
      for (const lane of lanes.values())
        for (let i = 1; i < lane.length; i++) expect(overlap(lane[i - 1]!, lane[i]!)).toBe(0);
      // the phone as the README documents it: 3 digits, ****, 4 digits
      const redacted = await page.locator('#disclosed code.redacted').allTextContents();
      expect(
        redacted.some((v) => /^1\d\d\*{4}\d{4}$/.test(v)),
        redacted.join(' '),
      ).toBe(true);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
      for (const section of ['timeline-section', 'graph-section', 'disclosed', 'risk'])
        await page.locator(`#${section}`).screenshot({ path: join(shots, `${name}-${section}.png`) });
      await page.close();
    },
    180_000,
  );
});
