import { getBinaryNodeChild } from "@whiskeysockets/baileys";
import type { Network } from "./network.ts";

/**
 * A server that accepts a login and drops the connection right after it, every time: it answers
 * the login IQs (so Baileys says `open`), withholds the end of the offline queue (so Baileys never
 * hears its backlog was delivered), and closes the connection when the client's first post-login
 * node (unified_session) arrives. Records when it dropped and when the client connected again, so
 * the gap is the client's back-off (plus a TCP connect), not its handshake.
 */
export type Flapping = {
  /** Per drop: when the connection was closed, and when the client connected again (null: not yet). */
  readonly drops: { at: number; backAt: number | null }[];
  /** Back to a well-behaved server (connections from now on stay up). */
  stop(): void;
};

export function dropEachLogin(net: Network): Flapping {
  const drops: { at: number; backAt: number | null }[] = [];
  let lastDropped = 0;
  const unsubscribe = net.log.subscribe((e) => {
    const last = drops.at(-1);
    if (e.type === "connection" && last && last.backAt === null && e.conn > lastDropped)
      last.backAt = Date.now();
  });
  const remove = net.addInterceptor((direction, node, conn) => {
    if (direction === "out")
      return node.tag === "ib" && getBinaryNodeChild(node, "offline") ? "drop" : undefined;
    if (node.tag === "ib" && getBinaryNodeChild(node, "unified_session")) {
      lastDropped = conn.id;
      drops.push({ at: Date.now(), backAt: null });
      conn.close();
      return "drop";
    }
    return undefined;
  });
  return {
    drops,
    stop() {
      remove();
      unsubscribe();
    },
  };
}
