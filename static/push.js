// Settings → Notifications: turns web push on or off for this browser. The subscription (endpoint and
// keys made by the browser) goes to Pairbox, which encrypts every notification to those keys.

function base64UrlToBytes(text) {
  const pad = "=".repeat((4 - (text.length % 4)) % 4);
  const raw = atob((text + pad).replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
}

function pushStatus(text) {
  const el = document.getElementById("push-status");
  if (el) el.textContent = text;
}

async function pushRequest(method, body) {
  const box = document.getElementById("push-device");
  const res = await fetch(box.dataset.url, {
    method,
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "X-CSRF-Token": box.dataset.csrf,
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const answer = await res.json().catch(() => null);
    throw new Error(answer?.message || `the server answered ${res.status}`);
  }
}

async function currentSubscription() {
  const reg = await navigator.serviceWorker.ready;
  return reg.pushManager.getSubscription();
}

async function showPushState() {
  const on = document.getElementById("push-on");
  const off = document.getElementById("push-off");
  if (!on || !off) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    pushStatus("This browser cannot receive push notifications (or the page is not served over https).");
    on.hidden = true;
    off.hidden = true;
    return;
  }
  const sub = await currentSubscription();
  on.hidden = Boolean(sub);
  off.hidden = !sub;
  pushStatus(
    sub ? "Push notifications are on for this browser." : "Push notifications are off for this browser.",
  );
}

document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("#push-on, #push-off") : null;
  if (!button) return;
  event.preventDefault();
  const box = document.getElementById("push-device");
  try {
    if (button.id === "push-on") {
      if ((await Notification.requestPermission()) !== "granted") {
        pushStatus("The browser was not allowed to show notifications.");
        return;
      }
      const { publicKey } = await (await fetch(box.dataset.keyUrl)).json();
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: base64UrlToBytes(publicKey),
      });
      await pushRequest("POST", sub.toJSON());
    } else {
      const sub = await currentSubscription();
      if (sub) {
        await pushRequest("DELETE", { endpoint: sub.endpoint });
        await sub.unsubscribe();
      }
    }
  } catch (err) {
    pushStatus(`Could not change push notifications: ${err.message}`);
    return;
  }
  await showPushState();
});

document.addEventListener("DOMContentLoaded", () => {
  if (document.getElementById("push-device")) showPushState();
});
