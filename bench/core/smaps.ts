/**
 * Where a process's resident memory lives, from /proc/<pid>/smaps: one figure per kind of mapping (MB of
 * Rss). Linux only; elsewhere null. The kinds are told apart by how glibc and V8 map memory, a heuristic:
 *
 *   file      mappings of a file (the node binary, shared libraries, ICU data)
 *   brk       [heap]: glibc's main malloc arena (the main thread's malloc/new: V8's compiler zones, Node's
 *             C++ objects, libuv)
 *   arenas    glibc's other malloc arenas: one 64 MB-aligned reservation each (HEAP_MAX_SIZE), made for threads
 *             that found the main arena busy (V8's GC and compiler helpers, libuv's pool); count: how many
 *   v8        anonymous read-write mappings aligned to and sized in V8's 256 KB pages: the JS heap's pages
 *             (and any other allocation that happens to fit; malloc's own large mmaps are 4 KB-aligned)
 *   code      anonymous executable mappings (V8's code space, the regexp and Wasm code)
 *   other     the remaining anonymous memory: thread stacks, malloc's direct mmaps of large blocks
 */
import { readFileSync } from 'node:fs';

export interface NativeMemory {
  rssMB: number;
  fileMB: number;
  brkMB: number;
  arenasMB: number;
  arenas: number;
  v8MB: number;
  codeMB: number;
  otherMB: number;
}

const ARENA = 64 * 2 ** 20;
const V8_PAGE = 256 * 2 ** 10;

interface Mapping {
  start: bigint;
  end: bigint;
  perms: string;
  path: string;
  rssKB: number;
}

function mappings(text: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      out.push({
        start: BigInt(`0x${head[1]}`),
        end: BigInt(`0x${head[2]}`),
        perms: head[3]!,
        path: head[4]!,
        rssKB: 0,
      });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && out.length > 0) out[out.length - 1]!.rssKB = Number(rss[1]);
  }
  return out;
}

/** Resident memory by kind of mapping, from the text of /proc/<pid>/smaps. */
export function classifySmaps(text: string): NativeMemory {
  const maps = mappings(text);
  const kb = { file: 0, brk: 0, arenas: 0, v8: 0, code: 0, other: 0 };
  let arenas = 0;
  // a glibc arena: read-write from a 64 MB boundary, the rest of its 64 MB reserved (---p) right after it
  const arenaStarts = new Set<bigint>();
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i]!;
    if (m.path !== '' || m.perms !== 'rw-p' || m.start % BigInt(ARENA) !== 0n) continue;
    const next = maps[i + 1];
    const full = m.end - m.start === BigInt(ARENA);
    const reserved = next && next.path === '' && next.perms === '---p' && next.start === m.end;
    if (full || (reserved && next.end - m.start === BigInt(ARENA))) arenaStarts.add(m.start);
  }
  for (const m of maps) {
    const size = m.end - m.start;
    if (m.path.startsWith('/')) kb.file += m.rssKB;
    else if (m.path === '[heap]') kb.brk += m.rssKB;
    else if (m.path !== '')
      kb.other += m.rssKB; // [stack], [vdso], [vvar]
    else if (arenaStarts.has(m.start)) {
      kb.arenas += m.rssKB;
      arenas++;
    } else if (m.perms.includes('x')) kb.code += m.rssKB;
    else if (m.perms === 'rw-p' && m.start % BigInt(V8_PAGE) === 0n && size % BigInt(V8_PAGE) === 0n) kb.v8 += m.rssKB;
    else kb.other += m.rssKB;
  }
  const mb = (x: number): number => Math.round((x / 1024) * 10) / 10;
  const total = kb.file + kb.brk + kb.arenas + kb.v8 + kb.code + kb.other;
  return {
    rssMB: mb(total),
    fileMB: mb(kb.file),
    brkMB: mb(kb.brk),
    arenasMB: mb(kb.arenas),
    arenas,
    v8MB: mb(kb.v8),
    codeMB: mb(kb.code),
    otherMB: mb(kb.other),
  };
}

/** This process's (or `pid`'s) resident memory by kind of mapping; null where /proc/<pid>/smaps is not readable. */
export function nativeMemory(pid: number | 'self' = 'self'): NativeMemory | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return null;
  }
  return classifySmaps(text);
}
