/**
 * Above the reply box: the message being replied to, and Cancel. static/app.js fills it when Reply is
 * clicked on a bubble; without script the Reply link opens the page with ?reply_to and this comes
 * rendered. Always present (hidden when empty) so the script has a place to fill.
 */
export function ReplyingTo(p: { conversationId: number; replyTo: { id: number; text: string } | null }) {
  return (
    <div class="replying-to" hidden={!p.replyTo}>
      <input type="hidden" name="reply_to" value={p.replyTo ? String(p.replyTo.id) : ""} />
      <span class="muted">Replying to</span> <q class="replying-text">{p.replyTo?.text ?? ""}</q>{" "}
      <a href={`/inbox/c/${p.conversationId}`} class="replying-cancel link">
        Cancel
      </a>
    </div>
  );
}
