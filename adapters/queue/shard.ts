/**
 * Which of `count` shards a key belongs to: FNV-1a (32-bit) of the key, mod `count`. Stable
 * across processes and releases, so every producer and consumer agrees without talking.
 */
export function shardOf(key: string, count: number): number {
  if (count <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}
