import { Curve, type BinaryNode } from "@whiskeysockets/baileys";
import { Accounts, type CompanionKeys } from "./accounts.ts";
import { certificateChain, type ChainKind } from "./certificates.ts";
import { ClientConnection, type Interception, type Interceptor, type Socket } from "./connection.ts";
import { EventLog } from "./events.ts";
import { Groups, installGroupIqs } from "./groups.ts";
import { IqRouter } from "./iq.ts";
import { installDefaultIqs } from "./iq-handlers.ts";
import { handleHello } from "./login.ts";
import { EmulatedMedia, installMediaIqs } from "./media.ts";
import { recordClientReceipt, relayOutbound, requeueUnanswered } from "./relay.ts";
import { recordClientChat } from "./chat.ts";
import { installPairCodeIqs } from "./pair-code.ts";

/**
 * The emulated WhatsApp server's state and its dispatch of client nodes: IQs to the router,
 * messages to the relay, receipts and acks to the log. One Network per startWaServer().
 */

/** A client that asked to pair and is showing QR codes. */
export type Registration = { conn: ClientConnection; noiseKey: Buffer; keys: CompanionKeys; refs: string[] };

const STREAM_ERROR_CHILD: Record<number, BinaryNode | undefined> = {
  401: { tag: "conflict", attrs: { type: "device_removed" } },
  440: { tag: "conflict", attrs: { type: "replaced" } },
};

export class Network {
  readonly accounts = new Accounts();
  readonly log = new EventLog();
  readonly iq = new IqRouter();
  readonly groups = new Groups();
  /** The media host and what the phones sent through it. */
  readonly media = new EmulatedMedia(this.log);
  readonly staticKey = Curve.generateKeyPair();
  readonly connections = new Map<number, ClientConnection>();
  readonly registrations = new Map<number, Registration>();
  /** Which certificate chain new connections are shown. */
  chain: ChainKind = "trusted";
  /** Error codes the next outbound messages' acks carry, one each. */
  readonly ackErrors: string[] = [];
  private readonly interceptors = new Set<Interceptor>();
  private nextConn = 1;

  constructor() {
    installDefaultIqs(this.iq);
    installMediaIqs(this.iq, this.media);
    installGroupIqs(this.iq);
    installPairCodeIqs(this.iq);
  }

  /** Seconds since the epoch, as WhatsApp's `t` attributes carry them. */
  nowSeconds(): string {
    return String(Math.floor(Date.now() / 1000));
  }

  connect(socket: Socket): ClientConnection {
    const conn = new ClientConnection(this.nextConn++, socket, {
      log: this.log,
      staticKey: this.staticKey,
      certificate: () => certificateChain(this.staticKey, this.chain),
      onHello: (c, hello) => handleHello(this, c, hello),
      onNode: (c, node) => this.dispatch(c, node),
      onClose: (c) => this.closed(c),
      intercept: (direction, node, c) => this.intercept(direction, node, c),
    });
    this.connections.set(conn.id, conn);
    this.log.push({ type: "connection", conn: conn.id });
    return conn;
  }

  addInterceptor(fn: Interceptor): () => void {
    this.interceptors.add(fn);
    return () => this.interceptors.delete(fn);
  }

  /** Sends `<stream:error code=…>` (515 restart, 401 device removed, 440 replaced…) and closes. */
  streamError(conn: ClientConnection, code: number): void {
    const child = STREAM_ERROR_CHILD[code];
    this.log.push({ type: "stream-error", conn: conn.id, code });
    conn.send({ tag: "stream:error", attrs: { code: String(code) }, ...(child ? { content: [child] } : {}) });
    conn.close();
  }

  /** Open connections of logged-in devices. */
  loggedIn(): ClientConnection[] {
    return [...this.connections.values()].filter((c) => !c.closed && c.device);
  }

  private intercept(direction: "in" | "out", node: BinaryNode, conn: ClientConnection): Interception {
    let delay = 0;
    for (const fn of this.interceptors) {
      const verdict = fn(direction, node, conn);
      if (verdict === "drop") return "drop";
      if (typeof verdict === "number") delay = Math.max(delay, verdict);
    }
    return delay || undefined;
  }

  private async dispatch(conn: ClientConnection, node: BinaryNode): Promise<void> {
    switch (node.tag) {
      case "iq": {
        if (node.attrs.type !== "get" && node.attrs.type !== "set") return;
        // Not awaited: WhatsApp answers each IQ on its own, so one a test holds unanswered (a group
        // query that hangs) must not hold the nodes behind it. Every built-in handler answers at once.
        void this.answerIq(conn, node);
        return;
      }
      case "message":
        await relayOutbound(this, conn, node);
        return;
      case "receipt":
        if (node.attrs.type === "server-error") this.media.answerRetry(conn, node, this.nowSeconds());
        else recordClientReceipt(this, conn, node);
        return;
      case "ack":
        // A message's ack (Baileys' nack when it cannot read one) answers it as a receipt would.
        if (node.attrs.class === "message" && node.attrs.id) conn.device?.unanswered.delete(node.attrs.id);
        this.log.push({ type: "ack", attrs: { ...node.attrs } });
        return;
      default:
        // A declined call is acked; typing and presence are logged; ib (unified_session,
        // offline_batch): nothing to answer.
        recordClientChat(this, conn, node);
        return;
    }
  }

  private async answerIq(conn: ClientConnection, node: BinaryNode): Promise<void> {
    const after: (() => void)[] = [];
    try {
      const reply = await this.iq.answer(conn, node, this, (fn) => after.push(fn));
      if (conn.closed) return;
      conn.send(reply);
      for (const fn of after) fn();
    } catch (err) {
      this.log.push({ type: "error", conn: conn.id, reason: `an IQ handler failed: ${err}` });
    }
  }

  private closed(conn: ClientConnection): void {
    this.connections.delete(conn.id);
    this.registrations.delete(conn.id);
    if (conn.device?.link === conn) {
      conn.device.link = null;
      requeueUnanswered(conn.device);
    }
    this.log.push({
      type: "closed",
      conn: conn.id,
      jid: conn.device?.jid ?? null,
      established: conn.established,
    });
  }
}
