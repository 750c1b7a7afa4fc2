import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { FormError } from "../../ui/components/form.tsx";
import { PostButton } from "../../ui/components/post-button.tsx";

export function BackupPage(p: { dbBytes: number | null; error?: string }) {
  return (
    <SettingsPage title="Backup" active="/settings/backup">
      <h1>Backup</h1>
      <FormError message={p.error} />
      <section class="card">
        <h2>Download the database</h2>
        <p>
          A consistent copy of the database as of this moment, taken while Pairbox keeps running: users,
          channels and their WhatsApp sessions, conversations, messages, records, webhooks and API key hashes.
          {p.dbBytes !== null ? ` The database is about ${(p.dbBytes / 1048576).toFixed(1)} MB.` : ""}
        </p>
        <p class="muted">
          It holds everything needed to sign in as your WhatsApp numbers: keep it as safe as the server
          itself. Media files (images, voice notes, documents) live in the <code>media</code> folder of the
          data directory and are not included: back that folder up with your usual file backup.
        </p>
        <PostButton action="/settings/backup/download">Download backup</PostButton>
      </section>
      <section class="card">
        <h2>From the command line</h2>
        <p>
          For scheduled backups, run <code>pairbox backup /backups/</code> on the server (it is safe while the
          server runs), and copy <code>data/media</code> with rsync or your backup tool. To restore, stop
          Pairbox, put the backup file in place of <code>data/pairbox.db</code> (delete any{" "}
          <code>pairbox.db-wal</code> and <code>pairbox.db-shm</code> next to it), restore the media folder,
          and start Pairbox.
        </p>
      </section>
    </SettingsPage>
  );
}
