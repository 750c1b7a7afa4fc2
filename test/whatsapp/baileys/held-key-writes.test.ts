import { describe, expect, test } from "bun:test";
import type { SignalDataSet } from "@whiskeysockets/baileys";
import { HeldKeyWrites } from "../../../src/whatsapp/baileys/held-key-writes.ts";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const session = (id: string, value: string): SignalDataSet =>
  ({ session: { [id]: Buffer.from(value) } }) as SignalDataSet;
const turn = () => new Promise((r) => setTimeout(r, 0));

describe("key writes held until their messages are stored", () => {
  test("with nothing held a write is committed at once", () => {
    const commits: SignalDataSet[][] = [];
    const held = new HeldKeyWrites((sets) => commits.push(sets));
    held.set(session("a.0", "1"));
    expect(commits).toHaveLength(1);
  });

  test("a write after a hold waits for that message, and reads see it meanwhile", async () => {
    const commits: SignalDataSet[][] = [];
    const held = new HeldKeyWrites((sets) => commits.push(sets));
    const stored = deferred();
    const flushed = held.hold(stored.promise);
    held.set(session("a.0", "2"));
    expect(commits).toHaveLength(0);
    expect(String(held.read("session", "a.0"))).toBe("2");
    stored.resolve();
    await flushed;
    expect(commits).toHaveLength(1);
    expect(held.read("session", "a.0")).toBeUndefined();
  });

  test("messages stored together share one commit; a later one waits for every earlier one", async () => {
    const commits: SignalDataSet[][] = [];
    const held = new HeldKeyWrites((sets) => commits.push(sets));
    const [one, two, three] = [deferred(), deferred(), deferred()];
    const first = held.hold(one.promise);
    held.set(session("a.0", "1"));
    const second = held.hold(two.promise);
    held.set(session("a.0", "2"));
    const third = held.hold(three.promise);
    held.set(session("b.0", "3"));
    // The third settles first: nothing may be written before the first two.
    three.resolve();
    await turn();
    expect(commits).toHaveLength(0);
    one.resolve();
    two.resolve();
    await Promise.all([first, second, third]);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.map((s) => String(Object.values(s.session ?? {})[0]))).toEqual(["1", "2", "3"]);
  });

  test("a deletion held is read as missing; a wipe drops what was held", async () => {
    const commits: SignalDataSet[][] = [];
    const held = new HeldKeyWrites((sets) => commits.push(sets));
    const stored = deferred();
    void held.hold(stored.promise);
    held.set({ "pre-key": { "7": null } } as unknown as SignalDataSet);
    expect(held.read("pre-key", "7")).toBeNull();
    held.clear();
    stored.resolve();
    await turn();
    expect(commits).toHaveLength(0);
    expect(held.read("pre-key", "7")).toBeUndefined();
  });
});
