/**
 * A binary min-heap of (key, id, item): the online calibration's pending incidents by due time
 * (forecast-online.ts). Which entries are still live is the caller's to know (it keeps each item's key).
 */
export class DueHeap<T> {
  private keys: number[] = [];
  private ids: number[] = [];
  private items: T[] = [];

  get size(): number {
    return this.keys.length;
  }

  topKey(): number {
    return this.keys[0]!;
  }

  peek(): [number, number, T] {
    return [this.keys[0]!, this.ids[0]!, this.items[0]!];
  }

  push(key: number, id: number, p: T): void {
    let i = this.keys.length;
    this.keys.push(key);
    this.ids.push(id);
    this.items.push(p);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.keys[up]! <= key) break;
      this.move(up, i);
      i = up;
    }
    this.set(i, key, id, p);
  }

  pop(): [number, number, T] {
    const top = this.peek();
    const key = this.keys.pop()!;
    const id = this.ids.pop()!;
    const p = this.items.pop()!;
    const n = this.keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const m = l + 1 < n && this.keys[l + 1]! < this.keys[l]! ? l + 1 : l;
        if (this.keys[m]! >= key) break;
        this.move(m, i);
        i = m;
      }
      this.set(i, key, id, p);
    }
    return top;
  }

  private move(from: number, to: number): void {
    this.set(to, this.keys[from]!, this.ids[from]!, this.items[from]!);
  }

  private set(i: number, key: number, id: number, p: T): void {
    this.keys[i] = key;
    this.ids[i] = id;
    this.items[i] = p;
  }
}
