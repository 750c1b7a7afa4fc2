import type { ServerWebSocket } from "bun";
import { trustEmulatorRoot, type ChainKind } from "./certificates.ts";
import type { ClientConnection, Interceptor } from "./connection.ts";
import { WaGroup } from "./group-chat.ts";
import type { ClientReceipt, OutboundMessage, WaEvent, WaitOptions } from "./events.ts";
import { dropEachLogin } from "./flapping.ts";
import type { IqHandler } from "./iq.ts";
import type { MediaHost } from "./media-host.ts";
import { Network } from "./network.ts";
import { WaUser } from "./user.ts";

/**
 * The WhatsApp Web server emulator: a local server (127.0.0.1, a free port) that the unmodified
 * Baileys client connects to, pairs with by QR code and exchanges Signal-encrypted messages with.
 * Point Baileys at `url` (its waWebSocketUrl); the server makes Baileys trust its certificates.
 *
 *   const wa = await startWaServer();
 *   const phone = wa.account("+447700900001");
 *   await phone.scanQr(qr);
 *   const alice = wa.contact("+447700900123", { name: "Alice" });
 *   await alice.sendText(phone, "hi");
 *   const reply = await wa.waitForOutbound((m) => m.text === "hello");
 *   await alice.sendReceipt(phone, reply.id, "read");
 *
 * It imitates what Baileys expects, not WhatsApp's own rules: see the README ("How the WhatsApp
 * path is tested") for what it leaves out.
 */

export type WaServerOptions = {
  /** "forged": the certificate chain is signed by a key Baileys does not trust. */
  certificate?: ChainKind;
};

export type WaServer = Awaited<ReturnType<typeof startWaServer>>;

type SocketData = { conn: ClientConnection | null };

export async function startWaServer(options: WaServerOptions = {}) {
  const net = new Network();
  net.chain = options.certificate ?? "trusted";
  const releaseTrust = trustEmulatorRoot();
  const sockets = new Set<ServerWebSocket<SocketData>>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req, srv) {
      if (new URL(req.url).pathname !== "/ws/chat") return new Response("not found", { status: 404 });
      if (srv.upgrade(req, { data: { conn: null } })) return undefined;
      return new Response("a WebSocket upgrade is expected", { status: 426 });
    },
    websocket: {
      data: {} as SocketData,
      open(ws) {
        sockets.add(ws);
        ws.data.conn = net.connect({ send: (d) => ws.send(d), close: (code, why) => ws.close(code, why) });
      },
      message(ws, data) {
        if (typeof data === "string") ws.close(1003, "binary frames only");
        else ws.data.conn?.receive(data);
      },
      close(ws) {
        sockets.delete(ws);
        ws.data.conn?.closedByPeer();
      },
    },
  });
  const users = new Map<string, WaUser>();
  const user = (e164: string, name = "") => {
    const account = net.accounts.get(e164, name);
    let u = users.get(account.user);
    if (!u) {
      u = new WaUser(net, account);
      users.set(account.user, u);
    }
    return u;
  };

  return {
    /** What Baileys' waWebSocketUrl must be. */
    url: `ws://127.0.0.1:${server.port}/ws/chat`,
    /** Every event so far, oldest first (connections, logins, deliveries, sends, receipts, IQs…). */
    events: net.log.events as readonly WaEvent[],
    /** The WhatsApp account whose number Pairbox links (its phone scans the QR code). */
    account: (e164: string, opts: { name?: string } = {}) => user(e164, opts.name),
    /**
     * Someone else on WhatsApp, who writes to the linked account and reads its replies. With `lid`
     * ("55512312312345@lid") the person moved to LID addressing: writes from the LID, is reached only there.
     */
    contact: (e164: string, opts: { name?: string; lid?: string } = {}) => {
      const u = user(e164, opts.name);
      if (opts.lid) net.accounts.moveToLid(u.account, opts.lid);
      return u;
    },
    /** A group of these people (the first is its creator); the linked account may be one of them. */
    group: (subject: string, members: WaUser[]) =>
      new WaGroup(
        net,
        net.groups.create(
          subject,
          members.map((m) => m.account),
          Number(net.nowSeconds()),
        ),
      ),
    /** Messages the linked devices sent, decrypted, oldest first. */
    outbound: (): OutboundMessage[] => net.log.outbound(),
    waitForOutbound: (match: (m: OutboundMessage) => boolean, opts?: WaitOptions) =>
      net.log.waitFor((e) => e.type === "outbound" && match(e.message) && e.message, {
        what: "outbound message",
        ...opts,
      }),
    /** Receipts the linked devices sent for messages delivered to them. */
    receipts: (): ClientReceipt[] => net.log.receipts(),
    waitForReceipt: (match: (r: ClientReceipt) => boolean, opts?: WaitOptions) =>
      net.log.waitFor((e) => e.type === "receipt" && match(e.receipt) && e.receipt, {
        what: "receipt from the client",
        ...opts,
      }),
    /** The first event (past or future) `pick` returns something for. */
    waitFor: <T>(pick: (e: WaEvent) => T | null | undefined | false, opts?: WaitOptions) =>
      net.log.waitFor(pick, opts),
    /** Calls `fn` with every event from now on, as it happens (a receipt as it arrives); returns a way to stop. */
    subscribe: (fn: (e: WaEvent) => void) => net.log.subscribe(fn),
    /** Problems the emulator met (a clean run has none). */
    errors: () => net.log.events.flatMap((e) => (e.type === "error" ? [e.reason] : [])),
    /** Ends every logged-in connection with `<stream:error code>`: 515 restart, 401 logged out, 440 replaced… */
    kick(code: number): number {
      const open = net.loggedIn();
      for (const conn of open) net.streamError(conn, code);
      return open.length;
    },
    /** Cuts every connection without a word, as a network failure would. */
    dropConnections(): number {
      const all = [...sockets];
      for (const ws of all) ws.terminate();
      return all.length;
    },
    /** The server refuses the next message a linked device sends, with this code in its ack. */
    rejectNextSend(code: number): void {
      net.ackErrors.push(String(code));
    },
    /** From now on every login is dropped right after it succeeded (a flapping connection); `stop()` ends it. */
    dropEachLogin: () => dropEachLogin(net),
    /** Which certificate chain connections from now on are shown. */
    useCertificate(kind: ChainKind): void {
      net.chain = kind;
    },
    /** The media host: expire files (410), stall the next upload or download. */
    media: {
      stall: (...args: Parameters<MediaHost["stall"]>) => net.media.host.stall(...args),
      expire: (pathOrUrl: string) => net.media.host.expire(pathOrUrl),
    },
    /** Drops ("drop") or delays (ms) nodes in either direction; returns a way to stop. */
    intercept: (fn: Interceptor) => net.addInterceptor(fn),
    /** Answers (or replaces the answer to) an IQ: `handleIq("w:g2", "query", …)`. */
    handleIq: (xmlns: string, child: string, handler: IqHandler) => net.iq.on(xmlns, child, handler),
    async close(): Promise<void> {
      for (const ws of [...sockets]) ws.terminate();
      await server.stop(true);
      await net.media.close();
      releaseTrust();
    },
  };
}
