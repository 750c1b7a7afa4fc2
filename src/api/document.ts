import { VERSION } from "../version.ts";

export const API_DESCRIPTION = `Send and read WhatsApp messages through Pairbox.

Authenticate with an API key (Settings → API keys) as \`Authorization: Bearer <key>\` or \`X-Api-Key: <key>\`.
A key reaches only the channels it was given: anything on another channel answers 404, as if it did not exist.
Read keys may read; send keys may also send messages and create contacts.

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
