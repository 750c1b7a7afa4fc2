import {
  aesDecryptGCM,
  aesEncryptGCM,
  Curve,
  hkdf,
  NOISE_MODE,
  NOISE_WA_HEADER,
  proto,
  sha256,
  type KeyPair,
} from "@whiskeysockets/baileys";

/**
 * The server half of WhatsApp Web's transport: Noise XX (25519, AES-GCM, SHA-256) with the
 * `WA\x06\x03` prologue, then AES-GCM frames with a counter nonce. Frames are 3-byte big-endian
 * lengths; the client's first write carries the prologue before its first frame.
 */

const EMPTY = Buffer.alloc(0);
/** Frames are at most 2^24 - 1 bytes; anything claiming more is a broken client. */
const MAX_FRAME = 0xffffff;

function nonce(counter: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(counter >>> 0, 8);
  return iv;
}

/** Splits the byte stream into frames; the prologue is expected (and checked) once, at the start. */
export class FrameReader {
  private buffered: Buffer = EMPTY;
  private sawPrologue = false;

  /** The complete frames this chunk finishes; throws on a wrong prologue. */
  push(chunk: Uint8Array): Buffer[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : Buffer.from(chunk);
    if (!this.sawPrologue) {
      if (this.buffered.length < NOISE_WA_HEADER.length) return [];
      if (!this.buffered.subarray(0, NOISE_WA_HEADER.length).equals(NOISE_WA_HEADER))
        throw new Error("the client did not open with the WhatsApp Noise prologue");
      this.buffered = this.buffered.subarray(NOISE_WA_HEADER.length);
      this.sawPrologue = true;
    }
    const frames: Buffer[] = [];
    while (this.buffered.length >= 3) {
      const size = this.buffered.readUIntBE(0, 3);
      if (this.buffered.length < size + 3) break;
      frames.push(this.buffered.subarray(3, size + 3));
      this.buffered = this.buffered.subarray(size + 3);
    }
    return frames;
  }
}

export function frame(data: Uint8Array): Buffer {
  if (data.length > MAX_FRAME) throw new Error(`frame of ${data.length} bytes is too large`);
  const out = Buffer.alloc(3 + data.length);
  out.writeUIntBE(data.length, 0, 3);
  out.set(data, 3);
  return out;
}

/** What the client said at the end of the handshake: its static (noise) key and who it is. */
export type ClientHello = { noiseKey: Buffer; payload: proto.ClientPayload };

/**
 * One connection's handshake and, once finished, its transport keys. The symmetric state mirrors
 * Baileys' client (Utils/noise-handler.js) step for step, since both sides must hash the same bytes.
 */
export class ServerNoise {
  private hash: Buffer;
  private salt: Buffer;
  private key: Buffer;
  private counter = 0;
  private readonly ephemeral: KeyPair = Curve.generateKeyPair();
  private clientEphemeral: Buffer = EMPTY;
  private transport: { enc: Buffer; dec: Buffer; read: number; write: number } | null = null;

  constructor(
    private readonly staticKey: KeyPair,
    private readonly certificate: Uint8Array,
  ) {
    const mode = Buffer.from(NOISE_MODE);
    this.hash = mode.length === 32 ? mode : sha256(mode);
    this.salt = this.hash;
    this.key = this.hash;
    this.authenticate(NOISE_WA_HEADER);
  }

  get ready(): boolean {
    return this.transport !== null;
  }

  /** The client hello (its ephemeral key) in, the server hello (ephemeral, static, certificates) out. */
  serverHello(clientHelloFrame: Uint8Array): Buffer {
    const clientEphemeral = proto.HandshakeMessage.decode(clientHelloFrame).clientHello?.ephemeral;
    if (clientEphemeral?.length !== 32) throw new Error("client hello without a key");
    this.clientEphemeral = Buffer.from(clientEphemeral);
    this.authenticate(this.clientEphemeral);
    this.authenticate(this.ephemeral.public);
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, this.clientEphemeral));
    const encStatic = this.encrypt(this.staticKey.public);
    this.mixIntoKey(Curve.sharedKey(this.staticKey.private, this.clientEphemeral));
    const encPayload = this.encrypt(this.certificate);
    return Buffer.from(
      proto.HandshakeMessage.encode({
        serverHello: { ephemeral: this.ephemeral.public, static: encStatic, payload: encPayload },
      }).finish(),
    );
  }

  /** The client finish: its static key and its ClientPayload; the transport is ready after this. */
  clientFinish(finishFrame: Uint8Array): ClientHello {
    const finish = proto.HandshakeMessage.decode(finishFrame).clientFinish;
    if (!finish?.static || !finish.payload) throw new Error("client finish without its key or payload");
    const noiseKey = this.decrypt(finish.static);
    if (noiseKey.length !== 32) throw new Error("client static key is not 32 bytes");
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, noiseKey));
    const payload = proto.ClientPayload.decode(this.decrypt(finish.payload));
    const keys = Buffer.from(hkdf(EMPTY, 64, { salt: this.salt, info: "" }));
    // The client writes with the first half and reads with the second: the server the other way round.
    this.transport = { enc: keys.subarray(32), dec: keys.subarray(0, 32), read: 0, write: 0 };
    return { noiseKey, payload };
  }

  seal(plaintext: Uint8Array): Buffer {
    const t = this.transport;
    if (!t) throw new Error("transport not ready");
    return aesEncryptGCM(plaintext, t.enc, nonce(t.write++), EMPTY);
  }

  open(ciphertext: Uint8Array): Buffer {
    const t = this.transport;
    if (!t) throw new Error("transport not ready");
    return aesDecryptGCM(ciphertext, t.dec, nonce(t.read++), EMPTY);
  }

  private authenticate(data: Uint8Array): void {
    this.hash = sha256(Buffer.concat([this.hash, data]));
  }

  private mixIntoKey(data: Uint8Array): void {
    const out = Buffer.from(hkdf(Buffer.from(data), 64, { salt: this.salt, info: "" }));
    this.salt = out.subarray(0, 32);
    this.key = out.subarray(32);
    this.counter = 0;
  }

  private encrypt(plaintext: Uint8Array): Buffer {
    const out = aesEncryptGCM(plaintext, this.key, nonce(this.counter++), this.hash);
    this.authenticate(out);
    return out;
  }

  private decrypt(ciphertext: Uint8Array): Buffer {
    const out = aesDecryptGCM(ciphertext, this.key, nonce(this.counter++), this.hash);
    this.authenticate(ciphertext);
    return out;
  }
}
