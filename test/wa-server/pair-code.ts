import { randomBytes } from "node:crypto";
import {
  aesDecryptCTR,
  aesDecryptGCM,
  aesEncryptCTR,
  Curve,
  derivePairingCodeKey,
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  hkdf,
  jidDecode,
  S_WHATSAPP_NET,
  type BinaryNode,
} from "@whiskeysockets/baileys";
import type { Account, CompanionDevice } from "./accounts.ts";
import { IqError, type IqRouter } from "./iq.ts";
import type { Network, Registration } from "./network.ts";
import { completePairing } from "./pairing.ts";

/**
 * Pairing by phone number (Baileys `requestPairingCode`), the companion-registration exchange
 * `link_code_companion_reg` in its three stages, as Baileys 7.0.0-rc14 speaks it (Socket/socket.js
 * requestPairingCode, Socket/messages-recv.js handleNotification):
 *
 * 1. companion_hello (client IQ): its ephemeral public key wrapped with a key derived from the
 *    8-character code (PBKDF2), which only the person reading the screen knows;
 * 2. primary_hello (server notification, once the phone's owner typed the code): the phone's
 *    identity key and its own ephemeral key, wrapped the same way;
 * 3. companion_finish (client IQ): its identity key bundle encrypted under the two ephemerals'
 *    shared secret. Both sides derive the ADV secret, and the server goes on as after a QR scan.
 *
 * A wrong code shows as the bundle failing to decrypt (the phone unwrapped a different key), as
 * on WhatsApp, where the phone reports "incorrect code".
 */

type Hello = { registration: Registration; jid: string; wrapped: Buffer; ref: Buffer };
/** The phone waiting for companion_finish: `check` verifies it (throws for a wrong code), `answered` follows the reply. */
type Waiting = { check(node: BinaryNode): void; answered(): void };

const hellos = new WeakMap<Network, Map<number, Hello>>();
const finishes = new WeakMap<Network, Map<number, Waiting>>();
const FINISH_TIMEOUT_MS = 10_000;

function table<T>(map: WeakMap<Network, Map<number, T>>, net: Network): Map<number, T> {
  const t = map.get(net) ?? new Map<number, T>();
  map.set(net, t);
  return t;
}

export function installPairCodeIqs(iq: IqRouter): void {
  iq.on("md", "link_code_companion_reg", ({ conn, child, net, afterReply }) => {
    const stage = child?.attrs.stage;
    if (stage === "companion_hello") {
      const registration = net.registrations.get(conn.id);
      const wrapped = getBinaryNodeChildBuffer(child!, "link_code_pairing_wrapped_companion_ephemeral_pub");
      if (!registration || !wrapped || wrapped.length !== 80 || !child?.attrs.jid)
        throw new IqError(400, "bad-request");
      const ref = randomBytes(32);
      table(hellos, net).set(conn.id, {
        registration,
        jid: child.attrs.jid,
        wrapped: Buffer.from(wrapped),
        ref,
      });
      net.log.push({ type: "pairing-code", conn: conn.id, stage: "companion_hello" });
      return [
        {
          tag: "link_code_companion_reg",
          attrs: {},
          content: [{ tag: "link_code_pairing_ref", attrs: {}, content: ref }],
        },
      ];
    }
    if (stage === "companion_finish") {
      net.log.push({ type: "pairing-code", conn: conn.id, stage: "companion_finish" });
      const waiting = table(finishes, net).get(conn.id);
      if (!waiting) throw new IqError(400, "bad-request");
      table(finishes, net).delete(conn.id);
      // A wrong code is refused here, so Baileys never marks itself registered.
      try {
        waiting.check(child!);
      } catch {
        throw new IqError(401, "incorrect-code");
      }
      afterReply(() => waiting.answered());
      return undefined;
    }
    throw new IqError(400, "bad-request");
  });
}

/** 32 salt bytes, 16 IV bytes, the key encrypted (AES-CTR) under PBKDF2(code, salt): Baileys' wrapping. */
async function wrapKey(code: string, key: Uint8Array): Promise<Buffer> {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  return Buffer.concat([
    salt,
    iv,
    Buffer.from(aesEncryptCTR(key, await derivePairingCodeKey(code, salt), iv)),
  ]);
}

async function unwrapKey(code: string, wrapped: Buffer): Promise<Buffer> {
  const key = await derivePairingCodeKey(code, wrapped.subarray(0, 32));
  return Buffer.from(aesDecryptCTR(wrapped.subarray(48, 80), key, wrapped.subarray(32, 48)));
}

/** The phone of `account` types `code` (Linked devices → Link with phone number instead). */
export async function enterPairingCode(
  net: Network,
  account: Account,
  code: string,
): Promise<CompanionDevice> {
  const pending = table(hellos, net);
  const entry = [...pending.entries()].find(([, h]) => jidDecode(h.jid)?.user === account.user);
  if (!entry) throw new Error(`no client asked for a pairing code for ${account.e164}`);
  const [connId, hello] = entry;
  pending.delete(connId);
  const { conn } = hello.registration;
  const companionEphemeral = await unwrapKey(code, hello.wrapped);
  const primaryEphemeral = Curve.generateKeyPair();
  let advSecret: Buffer | null = null;
  const finished = new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      stopWatching();
      clearTimeout(timer);
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail("the client never sent companion_finish"), FINISH_TIMEOUT_MS);
    // Baileys cannot use a key unwrapped with a wrong code: its connection fails instead of finishing.
    const stopWatching = net.log.subscribe((e) => {
      if (e.type === "closed" && e.conn === connId) fail("incorrect code: the client dropped the exchange");
    });
    table(finishes, net).set(connId, {
      check: (node) => {
        try {
          advSecret = verifyFinish(node, account, hello, primaryEphemeral.private, companionEphemeral);
        } catch (err) {
          fail((err as Error).message);
          throw err;
        }
      },
      answered: () => {
        stopWatching();
        clearTimeout(timer);
        resolve();
      },
    });
  });
  net.log.push({ type: "pairing-code", conn: connId, stage: "primary_hello" });
  conn.send({
    tag: "notification",
    attrs: {
      from: S_WHATSAPP_NET,
      type: "link_code_companion_reg",
      id: randomBytes(8).toString("hex"),
      t: net.nowSeconds(),
    },
    content: [
      {
        tag: "link_code_companion_reg",
        attrs: { stage: "primary_hello" },
        content: [
          { tag: "link_code_pairing_ref", attrs: {}, content: hello.ref },
          { tag: "primary_identity_pub", attrs: {}, content: account.phone.identityKey },
          {
            tag: "link_code_pairing_wrapped_primary_ephemeral_pub",
            attrs: {},
            content: await wrapKey(code, primaryEphemeral.public),
          },
        ],
      },
    ],
  });
  await finished;
  if (!advSecret) throw new Error("companion_finish was never checked");
  return completePairing(net, account, hello.registration, advSecret);
}

/** Checks the client's companion_finish; returns the ADV secret both sides now share. */
function verifyFinish(
  finish: BinaryNode,
  account: Account,
  hello: Hello,
  primaryEphemeralPrivate: Uint8Array,
  companionEphemeral: Buffer,
): Buffer {
  const bundle = getBinaryNodeChildBuffer(finish, "link_code_pairing_wrapped_key_bundle");
  const companionIdentity = getBinaryNodeChildBuffer(finish, "companion_identity_public");
  if (!bundle || !companionIdentity || !getBinaryNodeChild(finish, "link_code_pairing_ref"))
    throw new Error("companion_finish lacks its key bundle");
  const companionShared = Curve.sharedKey(primaryEphemeralPrivate, companionEphemeral);
  const bundleKey = hkdf(companionShared, 32, {
    salt: Buffer.from(bundle.subarray(0, 32)),
    info: "link_code_pairing_key_bundle_encryption_key",
  });
  let payload: Buffer;
  try {
    payload = aesDecryptGCM(
      bundle.subarray(44),
      Buffer.from(bundleKey),
      bundle.subarray(32, 44),
      Buffer.alloc(0),
    );
  } catch {
    throw new Error("incorrect code: the client's key bundle does not decrypt");
  }
  const identity = payload.subarray(0, 32);
  if (
    !identity.equals(hello.registration.keys.identityKey) ||
    !identity.equals(Buffer.from(companionIdentity))
  )
    throw new Error("the key bundle names another identity than the client registered");
  if (!payload.subarray(32, 64).equals(account.phone.identityKey))
    throw new Error("the key bundle names another phone");
  const identityShared = Curve.sharedKey(account.phone.identity.privKey, identity);
  return Buffer.from(
    hkdf(Buffer.concat([companionShared, identityShared, payload.subarray(64, 96)]), 32, {
      info: "adv_secret",
    }),
  );
}

/**
 * The server's answer when it demands a passkey before linking (imitates what Baileys would see, as
 * reported in Baileys issue 2672 and PR 2696; not verified against WhatsApp): a
 * `passkey_prologue_request` notification to the pairing client, after which nothing more happens.
 */
export function demandPasskey(net: Network, registration: Registration): void {
  const options = JSON.stringify({
    rpId: "whatsapp.com",
    userVerification: "required",
    challenge: randomBytes(32).toString("base64url"),
  });
  registration.conn.send({
    tag: "notification",
    attrs: {
      from: S_WHATSAPP_NET,
      type: "passkey_prologue_request",
      id: randomBytes(8).toString("hex"),
      t: net.nowSeconds(),
    },
    content: [{ tag: "passkey_prologue_request", attrs: {}, content: Buffer.from(options) }],
  });
  net.log.push({
    type: "notification-sent",
    conn: registration.conn.id,
    notification: "passkey_prologue_request",
  });
}
