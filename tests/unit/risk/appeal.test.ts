import { describe, expect, it } from 'vitest';
import { createPiiScanner } from '../../../detectors/pii/index.js';
import { eventLine, T0 } from '../../helpers/events.js';
import { runLines, testConfig } from '../../helpers/pipeline.js';

/**
 * An appeal carrying the poster's own number (a missing son, a missing parent) is `self` disclosure: it never
 * counts towards a dossier, so however fast it spreads and whatever its reposters say ("help find him", "spread
 * this", 求扩散), it is never warned and never throttled. SYNTHETIC text only, shaped like bench/realistic's
 * appeal overlays (a real cascade's root replaced by an appeal, its replies partly real chatter).
 */
const config = testConfig();
const scanner = createPiiScanner(config.pii, 'test-secret-0123456789');

function cascade(root: string, replies: readonly string[], n = 150): string[] {
  const lines = [eventLine({ eventId: 'r-0', postId: 'r', text: root, createdAt: T0, lang: 'en' })];
  for (let i = 1; i <= n; i++)
    lines.push(
      eventLine({
        eventId: `r-${i}`,
        postId: `r-${i}`,
        parentId: i < 4 ? 'r' : `r-${i >> 1}`,
        text: replies[i % replies.length],
        createdAt: T0 + i * 2000,
      }),
    );
  return lines;
}

async function outcome(lines: string[]): Promise<{ warned: boolean; actions: string[] }> {
  const { records } = await runLines(lines, config, scanner);
  return {
    warned: records.some((r) => r.schema === 'doxguard.alert/1' && (r.level === 'warning' || r.level === 'critical')),
    actions: [...new Set(records.flatMap((r) => (r.schema === 'doxguard.intervention/1' ? [r.action] : [])))].sort(),
  };
}

const REPLIES = ['Please help find him!', 'spread this', 'praying for you', 'shared', '', 'hope you find him'];

describe('an appeal with the poster’s own number', () => {
  it('a missing son, "call me at … if you see him", reposted with "help find him": never warned, never throttled', async () => {
    const root =
      'MISSING: my son Kevin, 12, last seen near the mall on Friday evening in a blue hoodie. Please call me at (212) 555-0143 if you see him. Please share!';
    expect(await outcome(cascade(root, REPLIES))).toEqual({ warned: false, actions: [] });
  });

  it('a missing father, 看到他请打我电话, reposted with 求扩散: never warned, never throttled', async () => {
    const root =
      '求助！我爸爸72岁，有老年痴呆，今天早上从家里出来后没回家，最后出现在东城市火车站，在第一中学门口附近。看到他请打我电话13912345678，求扩散！！';
    expect(await outcome(cascade(root, ['求扩散', '扩散！', '帮转', '希望早日找到他', '大家一起找他']))).toEqual({
      warned: false,
      actions: [],
    });
  });

  it('the same cascade exposing a person instead is warned (the appeal is spared by its attribution, not by chance)', async () => {
    const root =
      'This is the guy who keyed my car. His number is (212) 555-0143 and he lives at 41 Elm Street, Springfield. Everyone call him';
    const o = await outcome(cascade(root, REPLIES));
    expect(o.warned).toBe(true);
  });
});
