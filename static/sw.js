// Pairbox's service worker: makes the app installable, keeps the shell (static files and an offline
// page) for when the network is gone, and shows web push notifications.
// It never caches conversations, records or API answers: those are private, change every minute and
// must not outlive a sign-out on a shared phone. Only /static/ files (versioned, public) and the
// offline page are stored.

const VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
const CACHE = `pairbox-shell-${VERSION}`;
const OFFLINE = `/offline?v=${encodeURIComponent(VERSION)}`;
const SHELL = [
  "app.css",
  "app.js",
  "push.js",
  "logo.svg",
  "icon-192.png",
  "htmx.min.js",
  "hx-csp.min.js",
  "hx-sse.min.js",
  "hx-upsert.min.js",
].map((name) => `/static/${name}?v=${encodeURIComponent(VERSION)}`);

/** What may be kept: our own versioned static files and the offline page, nothing else. */
function cacheable(url) {
  return (
    url.origin === self.location.origin &&
    (url.pathname.startsWith("/static/") || url.pathname === "/offline")
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...SHELL, OFFLINE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("pairbox-") && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (cacheable(url)) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return res;
          }),
      ),
    );
    return;
  }
  // Pages always come from the network; only when it is unreachable does the offline page stand in.
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(() => caches.match(OFFLINE).then((hit) => hit || Response.error())),
    );
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (_) {
    data = { title: "Pairbox", body: event.data ? event.data.text() : "" };
  }
  const url =
    typeof data.url === "string" && data.url.startsWith("/") && !data.url.startsWith("//")
      ? data.url
      : "/inbox";
  event.waitUntil(
    self.registration.showNotification(data.title || "Pairbox", {
      body: data.body || "",
      tag: data.tag || undefined,
      icon: `/static/icon-192.png?v=${encodeURIComponent(VERSION)}`,
      badge: `/static/icon-192.png?v=${encodeURIComponent(VERSION)}`,
      data: { url },
    }),
  );
});

// A tap opens the conversation: in a Pairbox window already open when there is one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || "/inbox", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) return open.navigate(target).then((w) => (w || open).focus());
      return self.clients.openWindow(target);
    }),
  );
});
