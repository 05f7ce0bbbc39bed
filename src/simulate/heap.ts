/**
 * A binary min-heap on a numeric key; ties leave in insertion order (a
 * sequence number breaks them), so every run pops in the same order.
 */
export class MinHeap<T> {
  private keys: number[] = [];
  private seqs: number[] = [];
  private values: T[] = [];
  private seq = 0;

  get size(): number {
    return this.values.length;
  }

  /** the smallest key, or Infinity when empty */
  peekKey(): number {
    return this.keys.length > 0 ? this.keys[0]! : Infinity;
  }

  push(key: number, value: T): void {
    const keys = this.keys;
    const seqs = this.seqs;
    const values = this.values;
    const s = this.seq++;
    let i = values.length;
    keys.push(key);
    seqs.push(s);
    values.push(value);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! < key || (keys[p] === key && seqs[p]! < s)) break;
      keys[i] = keys[p]!;
      seqs[i] = seqs[p]!;
      values[i] = values[p]!;
      i = p;
    }
    keys[i] = key;
    seqs[i] = s;
    values[i] = value;
  }

  pop(): T | undefined {
    const values = this.values;
    if (values.length === 0) return undefined;
    const top = values[0]!;
    const keys = this.keys;
    const seqs = this.seqs;
    const lastKey = keys.pop()!;
    const lastSeq = seqs.pop()!;
    const lastValue = values.pop()!;
    const n = values.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && (keys[r]! < keys[l]! || (keys[r] === keys[l] && seqs[r]! < seqs[l]!))) c = r;
        if (keys[c]! > lastKey || (keys[c] === lastKey && seqs[c]! > lastSeq)) break;
        keys[i] = keys[c]!;
        seqs[i] = seqs[c]!;
        values[i] = values[c]!;
        i = c;
      }
      keys[i] = lastKey;
      seqs[i] = lastSeq;
      values[i] = lastValue;
    }
    return top;
  }
}
