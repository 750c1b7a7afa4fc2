import { decodeBinaryNode, encodeBinaryNode, type BinaryNode, type KeyPair } from "@whiskeysockets/baileys";
import type { CompanionDevice } from "./accounts.ts";
import type { EventLog } from "./events.ts";
import { frame, FrameReader, ServerNoise, type ClientHello } from "./noise.ts";

/**
 * One client's WebSocket: the Noise handshake, then binary nodes both ways, in order. Queries the
 * server sends (pairing) wait for the client's answer by id; everything else goes to the server.
 */

export type Socket = { send(data: Uint8Array): unknown; close(code?: number, reason?: string): unknown };

/** What a test may do to a node on its way: drop it, or hold it back some milliseconds. */
export type Interception = "drop" | number | undefined;
export type Interceptor = (direction: "in" | "out", node: BinaryNode, conn: ClientConnection) => Interception;

export type ConnectionHooks = {
  log: EventLog;
  staticKey: KeyPair;
  certificate(): Uint8Array;
  onHello(conn: ClientConnection, hello: ClientHello): Promise<void>;
  onNode(conn: ClientConnection, node: BinaryNode): Promise<void>;
  onClose(conn: ClientConnection): void;
  intercept: Interceptor;
};

type Pending = { resolve(node: BinaryNode): void; reject(err: Error): void; timer: Timer };

const QUERY_TIMEOUT_MS = 10_000;

export class ClientConnection {
  /** The linked device once it logged in (or paired on this connection). */
  device: CompanionDevice | null = null;
  closed = false;
  private readonly reader = new FrameReader();
  private readonly noise: ServerNoise;
  private handshakeFrames = 0;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  /** Frames are handled one after another: nodes keep their order even when handling awaits. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly hooks: ConnectionHooks,
  ) {
    this.noise = new ServerNoise(hooks.staticKey, hooks.certificate());
  }

  /** Whether the Noise handshake finished (the client accepted the certificate chain and said who it is). */
  get established(): boolean {
    return this.noise.ready;
  }

  receive(data: Uint8Array): void {
    let frames: Buffer[];
    try {
      frames = this.reader.push(data);
    } catch (err) {
      this.fail(err);
      return;
    }
    for (const f of frames)
      this.queue = this.queue.then(() => this.handleFrame(f)).catch((err) => this.fail(err));
  }

  /** Sends a node now (or after an interceptor's delay); dropped silently once closed. */
  send(node: BinaryNode): void {
    if (this.closed) return;
    const verdict = this.hooks.intercept("out", node, this);
    if (verdict === "drop") return;
    const write = () => {
      if (this.closed) return;
      this.socket.send(frame(this.noise.seal(encodeBinaryNode(node))));
    };
    if (typeof verdict === "number" && verdict > 0) setTimeout(write, verdict);
    else write();
  }

  /** Sends an IQ and resolves with the client's answer (result or error) to its id. */
  query(node: BinaryNode, timeoutMs = QUERY_TIMEOUT_MS): Promise<BinaryNode> {
    const id = node.attrs.id ?? `srv-${this.id}-${this.nextId++}`;
    node.attrs.id = id;
    if (this.closed) return Promise.reject(new Error(`connection closed before ${node.tag} ${id} was sent`));
    return new Promise<BinaryNode>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the client did not answer ${node.tag} ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send(node);
    });
  }

  /** Ends the connection (a stream end, as the server closes it). */
  close(): void {
    if (this.closed) return;
    this.socket.close(1000, "closed by the emulator");
    this.closedByPeer();
  }

  /** Called when the socket is gone, whoever closed it. */
  closedByPeer(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`connection closed before the client answered ${id}`));
    }
    this.pending.clear();
    this.hooks.onClose(this);
  }

  private async handleFrame(data: Buffer): Promise<void> {
    if (this.closed) return;
    if (!this.noise.ready) {
      this.handshakeFrames += 1;
      if (this.handshakeFrames === 1) {
        this.socket.send(frame(this.noise.serverHello(data)));
        return;
      }
      await this.hooks.onHello(this, this.noise.clientFinish(data));
      return;
    }
    const node = await decodeBinaryNode(this.noise.open(data));
    const verdict = this.hooks.intercept("in", node, this);
    if (verdict === "drop") return;
    // Held back in the queue, so everything the client sends after it waits too (latency, not reordering).
    if (typeof verdict === "number" && verdict > 0) await new Promise((r) => setTimeout(r, verdict));
    const answered = node.tag === "iq" && (node.attrs.type === "result" || node.attrs.type === "error");
    const waiting = answered && node.attrs.id ? this.pending.get(node.attrs.id) : undefined;
    if (waiting && node.attrs.id) {
      this.pending.delete(node.attrs.id);
      clearTimeout(waiting.timer);
      waiting.resolve(node);
      return;
    }
    await this.hooks.onNode(this, node);
  }

  private fail(err: unknown): void {
    const reason = err instanceof Error ? err.message : String(err);
    if (!this.noise.ready) this.hooks.log.push({ type: "handshake-failed", conn: this.id, reason });
    else this.hooks.log.push({ type: "error", conn: this.id, reason });
    this.close();
  }
}
