import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParticipantSchema, type PiiCategory, type Participant } from '../../../src/contract/index.js';
import { PropagationGraph } from '../../../src/graph/index.js';
import { Incident } from '../../../src/incident/incident.js';
import { incidentSnapshot, participantTexts, participants } from '../../../src/incident/snapshot.js';
import { canonicalJson } from '../../../src/evidence/index.js';
import { canonicalOf, jsonOf, sortedJson, stableId, valueTexts } from '../../../src/util/index.js';

/** participants() by definition: full sorts of every author (as it was before topK). */
function reference(incident: Incident, graph: PropagationGraph): Participant[] {
  const roles = new Map<string, Participant['role']>();
  for (const r of incident.rootKeys) {
    const a = graph.hasNode(r) ? graph.attributes(r).authorId : null;
    if (a !== null && !roles.has(a)) roles.set(a, 'originator');
  }
  for (const d of [...incident.disclosures.values()].sort((x, y) => x.firstTime - y.firstTime))
    if (!roles.has(d.firstAuthor)) roles.set(d.firstAuthor, 'consolidator');
  const bySpread = [...incident.authorReach]
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  for (const [a] of bySpread.slice(0, 5)) if (!roles.has(a)) roles.set(a, 'spreader');
  const byPosts = [...incident.authorPosts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  for (const [a] of byPosts) {
    if (roles.size >= 20) break;
    if (!roles.has(a)) roles.set(a, 'participant');
  }
  return [...roles]
    .slice(0, 20)
    .map(([authorId, role]) => ({ authorId, role, posts: incident.authorPosts.get(authorId) ?? 0 }));
}

const CATEGORIES: PiiCategory[] = ['phone', 'home_address', 'national_id', 'family', 'health'];
const author = fc.integer({ min: 0, max: 60 }).map((i) => `u${i}`);

describe('participants', () => {
  it('names the same people in the same order as full sorts would, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(author, fc.integer({ min: 1, max: 6 })), { maxLength: 80 }),
        fc.array(fc.tuple(author, fc.integer({ min: 0, max: 6 })), { maxLength: 40 }),
        fc.array(author, { maxLength: 30 }),
        fc.array(fc.tuple(fc.constantFrom(...CATEGORIES), author, fc.integer({ min: 0, max: 9 })), { maxLength: 5 }),
        (posts, reach, roots, disclosed) => {
          const graph = new PropagationGraph();
          const incident = new Incident('inc_x', 0);
          for (const [a, n] of posts) incident.authorPosts.add(a, n);
          for (const [a, n] of reach) incident.drew(a, n);
          roots.forEach((a, i) => {
            const key = `w:r${i}`;
            graph.ensurePlaceholder(key, 'w', `r${i}`, i, incident);
            graph.upsertPost(key, { authorId: a, kind: 'post', time: i, followers: 0 }, null);
            incident.addRoot(key);
          });
          incident.disclosures = new Map();
          for (const [c, a, t] of disclosed)
            if (!incident.disclosures.has(c)) incident.disclosures.set(c, { firstTime: t, firstAuthor: a });
          expect(participants(incident, graph)).toEqual(reference(incident, graph));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('fills the list to 20 when the people already named are among the top posters', () => {
    const graph = new PropagationGraph();
    const incident = new Incident('inc_y', 0);
    for (let i = 0; i < 30; i++) incident.authorPosts.add(`a${String(i).padStart(2, '0')}`, 30 - i);
    graph.ensurePlaceholder('w:r', 'w', 'r', 0, incident);
    graph.upsertPost('w:r', { authorId: 'a00', kind: 'post', time: 0, followers: 0 }, null);
    incident.addRoot('w:r');
    incident.drew('a01', 3);
    const got = participants(incident, graph);
    expect(got).toEqual(reference(incident, graph));
    expect(got).toHaveLength(20);
    expect(got.map((p) => p.authorId).slice(-1)).toEqual(['a19']);
  });

  it("a snapshot names the previous snapshot's list when it is alike (written once), a new one when not", () => {
    const graph = new PropagationGraph();
    const incident = new Incident('inc_z', 0);
    graph.ensurePlaceholder('w:r', 'w', 'r', 0, incident);
    graph.upsertPost('w:r', { authorId: 'a0', kind: 'post', time: 0, followers: 0 }, null);
    incident.addRoot('w:r');
    for (let i = 0; i < 25; i++) incident.authorPosts.add(`a${i}`, 30 - i);
    const first = incidentSnapshot(incident, graph, 1000, 'open', 50);
    // a post by someone outside the top 20: the same participants
    incident.authorPosts.add('late', 1);
    const second = incidentSnapshot(incident, graph, 2000, 'open', 50);
    expect(second.participants).toBe(first.participants);
    // one of them posts again: a new list
    incident.authorPosts.add('a3', 1);
    const third = incidentSnapshot(incident, graph, 3000, 'open', 50);
    expect(third.participants).not.toBe(second.participants);
    expect(third.participants.find((p) => p.authorId === 'a3')?.posts).toBe(28);
    for (const s of [first, second, third]) {
      const { id, ...rest } = s;
      expect(id).toBe(stableId('snp', canonicalJson(rest)));
      expect(canonicalOf(s)).toBe(canonicalJson(s));
      expect(jsonOf(s)).toBe(JSON.stringify(s));
    }
    expect(third.participants).toEqual(participants(incident, graph));
  });

  it('writes a participant list exactly as valueTexts does: canonical and JSON.stringify', () => {
    const participant = fc
      .record({
        authorId: fc.string({ unit: 'binary', maxLength: 12 }),
        role: fc.constantFrom(...ParticipantSchema.shape.role.options),
        posts: fc.nat(),
      })
      // plain objects in participants()'s key order (fast-check may make null-prototype ones)
      .map(({ authorId, role, posts }): Participant => ({ authorId, role, posts }));
    fc.assert(
      fc.property(fc.array(participant, { maxLength: 21 }), (list) => {
        const t = participantTexts(list);
        expect(t).toEqual(valueTexts(list));
        expect(t.sorted).toBe(sortedJson(list));
        expect(t.plain).toBe(JSON.stringify(list));
      }),
      { numRuns: 300 },
    );
  });

  it("a participant's fields are the three the reuse compares (snapshot.ts sameParticipants)", () => {
    // a field added to the schema and not to sameParticipants would let a changed list pass as the previous one
    expect(Object.keys(ParticipantSchema.shape).sort()).toEqual(['authorId', 'posts', 'role']);
  });
});
