import type { CacheStore } from "@whiskeysockets/baileys";
import type { Clock } from "../../clock.ts";

/**
 * A cache for Baileys (its CacheStore shape) that expires entries when they are read, and sweeps
 * when it grows, instead of on a timer: Baileys' own default (NodeCache) starts an interval per
 * instance, and one instance per reconnect kept every old cache and its interval alive.
 */
export class TtlCache implements CacheStore {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  private sweepAt: number;

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly maxEntries = 10_000,
  ) {
    this.sweepAt = maxEntries;
  }

  get<T>(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value as T;
  }

  set<T>(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.clock() + this.ttlMs });
    if (this.entries.size > this.sweepAt) this.sweep();
  }

  del(key: string): void {
    this.entries.delete(key);
  }

  flushAll(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops what expired, then the oldest writes while still over the bound. */
  private sweep(): void {
    const now = this.clock();
    for (const [key, e] of this.entries) if (e.expires <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
    this.sweepAt = Math.max(this.maxEntries, this.entries.size * 2);
  }
}
