import { S_WHATSAPP_NET, type BinaryNode } from "@whiskeysockets/baileys";
import type { ClientConnection } from "./connection.ts";
import type { Network } from "./network.ts";

/**
 * The server's answers to the client's IQs, routed by namespace and first child
 * (`encrypt`+`count`, `usync`+`usync`, `blocklist` with no child…). Tests and later features
 * add or replace handlers with `on`, e.g. groups (`w:g2`) or media (`w:m`).
 */

export class IqError extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(`${code} ${text}`);
  }
}

export type IqContext = {
  conn: ClientConnection;
  node: BinaryNode;
  /** The IQ's first child (what it asks for), if any. */
  child: BinaryNode | null;
  net: Network;
  /** Runs `fn` once the answer is on its way (say, to deliver the offline queue after it). */
  afterReply(fn: () => void): void;
};

/** The content of the `result`: child nodes, or nothing. Throw IqError for an `error` answer. */
export type IqHandler = (ctx: IqContext) => BinaryNode[] | undefined | Promise<BinaryNode[] | undefined>;

export const iqResult = (node: BinaryNode, content?: BinaryNode[]): BinaryNode => ({
  tag: "iq",
  attrs: { id: node.attrs.id ?? "", type: "result", from: S_WHATSAPP_NET },
  ...(content ? { content } : {}),
});

function iqError(node: BinaryNode, code: number, text: string): BinaryNode {
  return {
    tag: "iq",
    attrs: { id: node.attrs.id ?? "", type: "error", from: S_WHATSAPP_NET },
    content: [{ tag: "error", attrs: { code: String(code), text } }],
  };
}

export class IqRouter {
  private readonly handlers = new Map<string, IqHandler>();

  /** Handles `<iq xmlns=…><child/>` (child "" for an IQ without children); returns a way to undo it. */
  on(xmlns: string, child: string, handler: IqHandler): () => void {
    const key = `${xmlns} ${child}`;
    const before = this.handlers.get(key);
    this.handlers.set(key, handler);
    return () => {
      if (before) this.handlers.set(key, before);
      else this.handlers.delete(key);
    };
  }

  /** The answer to send back; an IQ nobody handles gets `501 feature-not-implemented` (and is logged). */
  async answer(
    conn: ClientConnection,
    node: BinaryNode,
    net: Network,
    afterReply: (fn: () => void) => void,
  ): Promise<BinaryNode> {
    const child = firstChild(node);
    const xmlns = node.attrs.xmlns ?? "";
    const handler = this.handlers.get(`${xmlns} ${child?.tag ?? ""}`);
    net.log.push({
      type: "iq",
      conn: conn.id,
      xmlns,
      child: child?.tag ?? "",
      iqType: node.attrs.type ?? "",
      handled: !!handler,
    });
    if (!handler) return iqError(node, 501, "feature-not-implemented");
    try {
      return iqResult(node, await handler({ conn, node, child, net, afterReply }));
    } catch (err) {
      if (err instanceof IqError) return iqError(node, err.code, err.text);
      throw err;
    }
  }
}

function firstChild(node: BinaryNode): BinaryNode | null {
  return Array.isArray(node.content) ? (node.content[0] ?? null) : null;
}
