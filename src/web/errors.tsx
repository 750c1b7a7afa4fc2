import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./context.ts";
import { ErrorPage } from "../ui/errors.tsx";

function wantsJson(c: Context<AppEnv>): boolean {
  return c.req.path.startsWith("/api/") || (c.req.header("accept") ?? "").startsWith("application/json");
}

export const notFound: NotFoundHandler<AppEnv> = (c) => {
  if (wantsJson(c)) return c.json({ error: "not_found", message: "Nothing here." }, 404);
  return c.html(
    <ErrorPage
      code={404}
      title="Not found"
      message="There is nothing at this address, or you do not have access to it."
    />,
    404,
  );
};

/** Errors we cause are logged once with the request id; the person sees a plain page, never a stack trace. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof HTTPException) {
    const status = err.status;
    if (wantsJson(c)) return c.json({ error: "http_error", message: err.message }, status);
    return c.text(err.message || "Request refused.", status);
  }
  const requestId = c.get("requestId");
  c.get("deps").logger.error({ err, requestId, path: c.req.path, method: c.req.method }, "request failed");
  if (wantsJson(c))
    return c.json({ error: "internal", message: "Something went wrong on our side.", requestId }, 500);
  return c.html(
    <ErrorPage
      code={500}
      title="Something went wrong"
      message="The error was logged. Try again; if it keeps happening, tell your administrator."
      requestId={requestId}
    />,
    500,
  );
};
