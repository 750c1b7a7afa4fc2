import { createHash } from "node:crypto";
import {
  encodeBigEndian,
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  getBinaryNodeChildren,
  KEY_BUNDLE_TYPE,
  type BinaryNode,
} from "@whiskeysockets/baileys";
import { takeCompanionBundle, type CompanionDevice } from "./accounts.ts";
import { IqError, type IqContext, type IqRouter } from "./iq.ts";
import { deliverOffline } from "./login.ts";
import type { PreKeyBundle } from "./signal-device.ts";
import { usyncResult } from "./usync.ts";
import { node, readUInt } from "./wire.ts";

/**
 * The IQs Baileys sends on every login and send: pre-keys (count, upload, digest, fetch), usync,
 * passive/active, keep-alive pings, app state, props, blocklist, privacy, logout. Simplified: the
 * answers carry what Baileys reads, not everything WhatsApp would.
 */

function loggedIn({ conn }: IqContext): CompanionDevice {
  if (!conn.device) throw new IqError(401, "not-authorized");
  return conn.device;
}

/** A device's public keys as `<registration><type><identity><skey>[<key>]`. */
function bundleContent(b: PreKeyBundle): BinaryNode[] {
  return [
    node("registration", encodeBigEndian(b.registrationId)),
    node("type", KEY_BUNDLE_TYPE),
    node("identity", b.identityKey),
    node("skey", [
      node("id", encodeBigEndian(b.signedPreKey.keyId, 3)),
      node("value", b.signedPreKey.publicKey),
      node("signature", b.signedPreKey.signature),
    ]),
    ...(b.preKey
      ? [node("key", [node("id", encodeBigEndian(b.preKey.keyId, 3)), node("value", b.preKey.publicKey)])]
      : []),
  ];
}

/** `<iq xmlns=encrypt type=set>` with the device's registration, identity, pre-keys and signed pre-key. */
function uploadPreKeys(ctx: IqContext): undefined {
  const device = loggedIn(ctx);
  const identity = getBinaryNodeChildBuffer(ctx.node, "identity");
  if (!identity || !device.keys.identityKey.equals(identity)) throw new IqError(406, "not-acceptable");
  for (const key of getBinaryNodeChildren(getBinaryNodeChild(ctx.node, "list"), "key")) {
    const id = readUInt(getBinaryNodeChildBuffer(key, "id"));
    const value = getBinaryNodeChildBuffer(key, "value");
    if (Number.isFinite(id) && value?.length === 32) device.keys.preKeys.set(id, Buffer.from(value));
  }
  const skey = getBinaryNodeChild(ctx.node, "skey");
  if (skey) rotateSignedPreKey(device, skey);
  return undefined;
}

function rotateSignedPreKey(device: CompanionDevice, skey: BinaryNode): void {
  const value = getBinaryNodeChildBuffer(skey, "value");
  const signature = getBinaryNodeChildBuffer(skey, "signature");
  if (!value || !signature) throw new IqError(400, "bad-request");
  device.keys.signedPreKey = {
    keyId: readUInt(getBinaryNodeChildBuffer(skey, "id")),
    publicKey: Buffer.from(value),
    signature: Buffer.from(signature),
  };
}

/** Bundles for `<key><user jid=…/>`: emulated phones make a fresh pre-key, linked devices give one up. */
function fetchKeys(ctx: IqContext): BinaryNode[] {
  const users = getBinaryNodeChildren(ctx.child ?? undefined, "user").map((u) => {
    const jid = u.attrs.jid ?? "";
    const target = ctx.net.accounts.device(jid);
    if (!target)
      return node("user", [node("error", undefined, { code: "404", text: "item-not-found" })], { jid });
    const bundle = target.companion ? takeCompanionBundle(target.companion) : target.account.phone.bundle();
    return node("user", bundleContent(bundle), { jid });
  });
  return [node("list", users)];
}

/** What the server holds for the device (Baileys only checks that there is an answer). */
function digest(ctx: IqContext): BinaryNode[] {
  const device = loggedIn(ctx);
  const ids = [...device.keys.preKeys.keys()];
  return [
    node("digest", [
      ...bundleContent({ ...device.keys, preKey: null }),
      node(
        "list",
        ids.map((id) => node("id", encodeBigEndian(id, 3))),
      ),
      node("hash", createHash("sha1").update(ids.join(",")).digest()),
    ]),
  ];
}

function appStateSync(ctx: IqContext): BinaryNode[] {
  // Every collection asked for must be answered, or Baileys asks again forever; none has patches here.
  const collections = getBinaryNodeChildren(ctx.child ?? undefined, "collection").map((c) =>
    node("collection", undefined, { name: c.attrs.name ?? "", version: c.attrs.version ?? "0" }),
  );
  return [node("sync", collections)];
}

export function installDefaultIqs(iq: IqRouter): void {
  iq.on("encrypt", "count", (ctx) => [
    node("count", undefined, { value: String(loggedIn(ctx).keys.preKeys.size) }),
  ]);
  iq.on("encrypt", "registration", uploadPreKeys);
  iq.on("encrypt", "rotate", (ctx) => {
    const skey = getBinaryNodeChild(ctx.child ?? undefined, "skey");
    if (!skey) throw new IqError(400, "bad-request");
    rotateSignedPreKey(loggedIn(ctx), skey);
    return undefined;
  });
  iq.on("encrypt", "digest", digest);
  iq.on("encrypt", "key", fetchKeys);
  iq.on("usync", "usync", (ctx) => usyncResult(ctx));
  iq.on("passive", "active", (ctx) => {
    ctx.afterReply(() => void deliverOffline(ctx.net, ctx.conn));
    return undefined;
  });
  iq.on("passive", "passive", () => undefined);
  iq.on("w:p", "ping", () => undefined);
  iq.on("w:sync:app:state", "sync", appStateSync);
  iq.on("abt", "props", () => [node("props", [], { protocol: "1", hash: "emulator" })]);
  iq.on("blocklist", "", () => [node("list", [])]);
  iq.on("privacy", "privacy", () => [
    node("privacy", [
      node("category", undefined, { name: "readreceipts", value: "all" }),
      node("category", undefined, { name: "last", value: "all" }),
      node("category", undefined, { name: "online", value: "all" }),
    ]),
  ]);
  iq.on("privacy", "tokens", () => undefined);
  iq.on("md", "remove-companion-device", (ctx) => {
    const device = loggedIn(ctx);
    device.account.unlink(device.id);
    ctx.afterReply(() => ctx.conn.close());
    return undefined;
  });
}
