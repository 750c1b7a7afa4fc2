import { Layout } from "./layout.tsx";

export function ErrorPage(p: { code: number; title: string; message: string; requestId?: string }) {
  return (
    <Layout title={p.title}>
      <section class="error-page">
        <div class="code">{p.code}</div>
        <h1>{p.title}</h1>
        <p class="muted">{p.message}</p>
        {p.requestId ? (
          <p class="muted">
            <small>
              Reference: <code>{p.requestId}</code>
            </small>
          </p>
        ) : null}
        <p>
          <a class="button secondary" href="/">
            Go to Pairbox
          </a>
        </p>
      </section>
    </Layout>
  );
}
