import { VERSION } from "../version.ts";

export const API_DESCRIPTION = `Send and read WhatsApp messages through Pairbox.

Authenticate with an API key (Settings → API keys) as \`Authorization: Bearer <key>\` or \`X-Api-Key: <key>\`.
A key acts for the person who created it: it reaches only the channels it was given that this person may still use (anything on another channel answers 404, as if it did not exist), and it stops working (401) when they are deactivated.
Read keys may read; send keys may also send messages and create contacts; manage keys may also add channels, read pairing codes, log out and reconnect.

Errors are JSON: \`{"error": "invalid_request", "message": "…", "issues": [{"path": "to", "message": "…"}]}\`.
Lists are paged with opaque cursors: pass \`next_cursor\` back as \`cursor\` until it is null.`;

/** The OpenAPI document's fixed part; the server URL is this instance's base URL. */
export function openApiConfig(baseUrl: string) {
  return {
    openapi: "3.1.0",
    info: { title: "Pairbox API", version: VERSION, description: API_DESCRIPTION },
    servers: [{ url: baseUrl }],
  };
}
