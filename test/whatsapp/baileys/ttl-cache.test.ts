import { expect, test } from "bun:test";
import { TtlCache } from "../../../src/whatsapp/baileys/ttl-cache.ts";

test("entries expire after their time to live and the cache stays bounded, with no timer", () => {
  let now = 0;
  const cache = new TtlCache(1000, () => now, 100);
  cache.set("a", 1);
  now = 999;
  expect(cache.get<number>("a")).toBe(1);
  now = 1000;
  expect(cache.get("a")).toBeUndefined();
  for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i);
  expect(cache.size).toBeLessThanOrEqual(200);
  // The newest writes are the ones kept.
  expect(cache.get<number>("k999")).toBe(999);
  cache.del("k999");
  expect(cache.get("k999")).toBeUndefined();
  cache.flushAll();
  expect(cache.size).toBe(0);
});
