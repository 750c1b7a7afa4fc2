import { PostButton } from "./post-button.tsx";

/** A signing secret behind a "Reveal" toggle, with how to check it and a button that replaces it. */
export function SigningSecret(p: { secret: string; rotateAction: string; what?: string }) {
  return (
    <section class="card">
      <h2>Signing secret</h2>
      <p class="muted">
        Check <code>X-Pairbox-Signature</code> on every request{p.what ? ` ${p.what}` : ""}: it is{" "}
        <code>sha256=</code> and the hex HMAC-SHA256 of <code>{"<X-Pairbox-Timestamp>.<raw body>"}</code>,
        keyed with this whole secret (<code>whsec_</code> included).
      </p>
      <details class="secret">
        <summary>Reveal secret</summary>
        <p>
          <code class="mono secret-value">{p.secret}</code>
        </p>
      </details>
      <PostButton
        action={p.rotateAction}
        confirm="Replace the secret? Requests signed with the old one will fail verification at the receiver."
        buttonClass="secondary small"
      >
        Rotate secret
      </PostButton>
    </section>
  );
}
