import { describe, expect, test } from "bun:test";
import { Curve } from "@whiskeysockets/baileys";

/**
 * Why patches/@whiskeysockets%2Fbaileys@7.0.0-rc14.patch exists: Baileys checks WhatsApp's
 * certificate chain (Noise handshake) and the phone's account signature (pairing) with Curve.verify.
 * Unpatched, it returns true unless libsignal throws, and libsignal 6 returns false for a bad
 * signature instead of throwing, so any 64 bytes passed as a valid signature.
 */
describe("Curve.verify (patched Baileys)", () => {
  const signer = Curve.generateKeyPair();
  const message = Buffer.from("noise certificate details");
  const good = Curve.sign(signer.private, message);

  test("a signature by the key is accepted", () => {
    expect(Curve.verify(signer.public, message, good)).toBe(true);
  });

  test("64 bytes that are not a signature are refused", () => {
    expect(Curve.verify(signer.public, message, Buffer.alloc(64, 7))).toBe(false);
  });

  test("a signature by another key is refused", () => {
    const other = Curve.generateKeyPair();
    expect(Curve.verify(other.public, message, good)).toBe(false);
  });

  test("a signature over different bytes is refused", () => {
    expect(Curve.verify(signer.public, Buffer.from("something else"), good)).toBe(false);
  });

  test("a malformed signature is refused rather than thrown", () => {
    expect(Curve.verify(signer.public, message, Buffer.alloc(12))).toBe(false);
  });
});
