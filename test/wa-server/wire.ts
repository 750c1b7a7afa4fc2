import type { BinaryNode } from "@whiskeysockets/baileys";

/** Small helpers for building and reading WhatsApp's binary nodes and key bytes. */

export const node = (
  tag: string,
  content?: BinaryNode["content"],
  attrs: Record<string, string> = {},
): BinaryNode => ({ tag, attrs, ...(content !== undefined ? { content } : {}) });

/** A big-endian unsigned number (registration ids, key ids); NaN when absent. */
export const readUInt = (bytes: Uint8Array | null | undefined): number =>
  bytes ? [...bytes].reduce((n, b) => n * 256 + b, 0) : Number.NaN;

/** A 32-byte Curve25519 public key with libsignal's type byte (5) in front. */
export const withKeyType = (key32: Uint8Array): Buffer => Buffer.concat([Buffer.from([5]), key32]);
