import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/**
 * WhatsApp's media encryption, written here from the format (not taken from Baileys), so the
 * emulator checks Baileys rather than agreeing with itself: a 32-byte media key expands by
 * HKDF-SHA256 ("WhatsApp Image Keys"…) into an IV, an AES-256-CBC key and an HMAC key; the file
 * on the media server is the ciphertext followed by the first 10 bytes of HMAC(iv ‖ ciphertext).
 * The message carries the media key, the SHA-256 of the plain file and of the encrypted one.
 */

/** The HKDF info per kind of media; voice notes are audio, stickers images. */
const KEY_INFO = {
  image: "WhatsApp Image Keys",
  sticker: "WhatsApp Image Keys",
  video: "WhatsApp Video Keys",
  audio: "WhatsApp Audio Keys",
  document: "WhatsApp Document Keys",
} as const;
export type MediaKeyKind = keyof typeof KEY_INFO;

const MAC_LENGTH = 10;

function expand(mediaKey: Uint8Array, kind: MediaKeyKind) {
  const out = Buffer.from(hkdfSync("sha256", mediaKey, Buffer.alloc(0), KEY_INFO[kind], 112));
  return { iv: out.subarray(0, 16), cipherKey: out.subarray(16, 48), macKey: out.subarray(48, 80) };
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest();

export type EncryptedMedia = {
  mediaKey: Buffer;
  /** What the media server stores: ciphertext ‖ mac. */
  blob: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
  fileLength: number;
};

export function encryptMedia(plain: Uint8Array, kind: MediaKeyKind): EncryptedMedia {
  const mediaKey = randomBytes(32);
  const { iv, cipherKey, macKey } = expand(mediaKey, kind);
  const cipher = createCipheriv("aes-256-cbc", cipherKey, iv);
  const enc = Buffer.concat([cipher.update(plain), cipher.final()]);
  const mac = createHmac("sha256", macKey).update(iv).update(enc).digest().subarray(0, MAC_LENGTH);
  const blob = Buffer.concat([enc, mac]);
  return { mediaKey, blob, fileSha256: sha256(plain), fileEncSha256: sha256(blob), fileLength: plain.length };
}

/** What a message says about its file, to check the stored blob against. */
export type MediaClaims = {
  mediaKey: Uint8Array;
  fileSha256?: Uint8Array | null;
  fileEncSha256?: Uint8Array | null;
  fileLength?: number | null;
};

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && timingSafeEqual(a, b);

/** The plain file, after every check WhatsApp's clients make; throws saying which one failed. */
export function decryptMedia(blob: Uint8Array, kind: MediaKeyKind, claims: MediaClaims): Buffer {
  if (claims.fileEncSha256 && !same(sha256(blob), claims.fileEncSha256))
    throw new Error("the stored file is not the one the message names (fileEncSha256)");
  const { iv, cipherKey, macKey } = expand(claims.mediaKey, kind);
  const enc = blob.subarray(0, blob.length - MAC_LENGTH);
  const mac = createHmac("sha256", macKey).update(iv).update(enc).digest().subarray(0, MAC_LENGTH);
  if (!same(mac, blob.subarray(blob.length - MAC_LENGTH))) throw new Error("the file's MAC does not verify");
  const decipher = createDecipheriv("aes-256-cbc", cipherKey, iv);
  const plain = Buffer.concat([decipher.update(enc), decipher.final()]);
  if (claims.fileSha256 && !same(sha256(plain), claims.fileSha256))
    throw new Error("the decrypted file does not match its fileSha256");
  if (claims.fileLength != null && claims.fileLength !== plain.length)
    throw new Error(`the file is ${plain.length} bytes, the message says ${claims.fileLength}`);
  return plain;
}

/** The key of a media retry (the phone re-uploading expired media): HKDF of the media key. */
function retryKey(mediaKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", mediaKey, Buffer.alloc(0), "WhatsApp Media Retry Notification", 32));
}

/** AES-256-GCM with the message id as associated data; the tag follows the ciphertext. */
export function sealRetry(mediaKey: Uint8Array, messageId: string, plain: Uint8Array) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", retryKey(mediaKey), iv);
  cipher.setAAD(Buffer.from(messageId));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext, iv };
}

export function openRetry(mediaKey: Uint8Array, messageId: string, ciphertext: Uint8Array, iv: Uint8Array) {
  const decipher = createDecipheriv("aes-256-gcm", retryKey(mediaKey), iv);
  decipher.setAAD(Buffer.from(messageId));
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
}
