/**
 * What the channel page says when WhatsApp asked this account for a passkey while linking (the
 * server's `passkey_prologue_request`, Baileys issue 2672). WhatsApp Web answers that with a
 * WebAuthn passkey for whatsapp.com; Baileys, and so Pairbox, cannot, so the phone would wait for
 * ever. Said plainly, with what the person can actually do.
 */
export function PasskeyProblem() {
  return (
    <div class="alert alert-error passkey-problem" id="passkey-problem" role="alert">
      <p>
        <strong>WhatsApp asks this account for a passkey to link a device.</strong> Since mid-2026 WhatsApp
        demands a passkey (a security key or the phone's fingerprint/face sign-in for whatsapp.com) from some
        accounts before it links a new device. Pairbox, like every product built on Baileys, cannot answer
        that step, so linking cannot finish: the phone shows "Continue on your other device" and waits.
      </p>
      <p>What you can do:</p>
      <ul>
        <li>
          On the phone, check <strong>Settings → Account → Passkeys</strong>: if a passkey is set up, remove
          it and link again. Some accounts are then asked to create one; for those this does not help.
        </li>
        <li>Link another number whose account WhatsApp does not ask for a passkey.</li>
        <li>
          Try again later: WhatsApp applies this per account, and has lifted it again for some. Pairing by
          phone number instead of QR ends at the same step.
        </li>
      </ul>
    </div>
  );
}
