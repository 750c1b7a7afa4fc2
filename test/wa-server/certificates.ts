import { Curve, proto, WA_CERT_DETAILS, type KeyPair } from "@whiskeysockets/baileys";

/**
 * The certificate chain a WhatsApp server proves itself with during the Noise handshake: a root key
 * (WhatsApp's, pinned in Baileys as WA_CERT_DETAILS) signs an intermediate, which signs the leaf
 * naming the server's static key. The emulator has its own root; tests make Baileys trust it by
 * setting WA_CERT_DETAILS.PUBLIC_KEY (read on every handshake), never by editing Baileys.
 */

/** One root for the whole test process: servers started side by side all chain to it. */
const EMULATOR_ROOT: KeyPair = Curve.generateKeyPair();
const INTERMEDIATE_SERIAL = 7;
const YEAR_S = 365 * 24 * 60 * 60;

/** "trusted": signed by the root Baileys is told to trust; "forged": signed by some other key. */
export type ChainKind = "trusted" | "forged";

function signedCertificate(signer: KeyPair, details: proto.CertChain.NoiseCertificate.IDetails) {
  const bytes = proto.CertChain.NoiseCertificate.Details.encode(details).finish();
  return { details: bytes, signature: Curve.sign(signer.private, bytes) };
}

/** The encoded CertChain for a server whose static key is `serverKey`. */
export function certificateChain(serverKey: KeyPair, kind: ChainKind): Uint8Array {
  const root = kind === "trusted" ? EMULATOR_ROOT : Curve.generateKeyPair();
  const intermediate = Curve.generateKeyPair();
  const now = Math.floor(Date.now() / 1000);
  const validity = { notBefore: now - YEAR_S, notAfter: now + YEAR_S };
  const chain = {
    intermediate: signedCertificate(root, {
      serial: INTERMEDIATE_SERIAL,
      issuerSerial: WA_CERT_DETAILS.SERIAL,
      key: intermediate.public,
      ...validity,
    }),
    leaf: signedCertificate(intermediate, {
      serial: INTERMEDIATE_SERIAL + 1,
      issuerSerial: INTERMEDIATE_SERIAL,
      key: serverKey.public,
      ...validity,
    }),
  };
  return proto.CertChain.encode(chain).finish();
}

let trustCount = 0;
const WHATSAPP_ROOT = WA_CERT_DETAILS.PUBLIC_KEY;

/**
 * Makes Baileys (in this process) accept the emulator's root in place of WhatsApp's, until every
 * caller has released it: WhatsApp's own key comes back when the last emulator closes.
 */
export function trustEmulatorRoot(): () => void {
  trustCount += 1;
  WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(EMULATOR_ROOT.public);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    trustCount -= 1;
    if (trustCount === 0) WA_CERT_DETAILS.PUBLIC_KEY = WHATSAPP_ROOT;
  };
}
