/** The inbox with no channel to show: whoever may add a number gets the link to do it. */
export function NoChannelYet(p: { manage: boolean }) {
  return p.manage ? (
    <>
      No WhatsApp number yet. <a href="/channels/new">Add a WhatsApp number</a> to start receiving messages.
    </>
  ) : (
    <>No channel is shared with you yet. Ask an administrator to share a WhatsApp number with you.</>
  );
}
