/** A confirmation after an action ("Saved."), read out by screen readers; nothing when there is none. */
export function Notice(p: { message: string | null | undefined }) {
  return p.message ? (
    <p class="alert alert-ok" role="status">
      {p.message}
    </p>
  ) : null;
}
