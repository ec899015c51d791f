// Runs gateway/web/approve.js in stand-in pages (no browser): it must long-poll the login's
// challenge, keep polling while pending, say so and retry when offline, and move to
// /login/approve once the challenge is decided; on the QR page it must also redraw the code
// every 30 seconds. Prints "ok" or throws.
import { readFileSync } from "node:fs";
import vm from "node:vm";
import assert from "node:assert/strict";

const script = readFileSync(new URL("../../web/approve.js", import.meta.url), "utf8");
const answers = [
  { ok: true, json: { state: "pending", next: "second_factor" } },
  { offline: true },
  { ok: true, json: { state: "approved", next: "done" } },
];
const requests = [];
const status = { textContent: "Waiting" };
const statusTexts = [];
let assigned = null;
let reloaded = false;
let done;
const finished = new Promise((resolve) => (done = resolve));

const intervals = [];
const page = {
  document: { getElementById: (id) => (id === "status" ? status : null) },
  setInterval: (fn, ms) => intervals.push({ fn, ms }),
  fetch: async (url, options) => {
    requests.push({ url, options });
    const answer = answers.shift();
    if (!answer) throw new Error("polled after the decision");
    if (answer.offline) {
      throw new TypeError("network down");
    }
    return { ok: answer.ok, json: async () => answer.json };
  },
  setTimeout: (fn) => {
    statusTexts.push(status.textContent);
    return setTimeout(fn, 0);
  },
  window: {
    location: {
      assign: (to) => { assigned = to; done(); },
      reload: () => { reloaded = true; done(); },
    },
  },
};
vm.runInNewContext(script, page);
await Promise.race([finished, new Promise((_, no) => setTimeout(() => no(new Error("timeout")), 5000).unref())]);

assert.equal(assigned, "/login/approve");
assert.equal(reloaded, false);
assert.equal(requests.length, 3);
for (const { url, options } of requests) {
  assert.equal(url, "/api/v1/login/challenge?wait=25");
  assert.equal(options.credentials, "same-origin");
}
assert.deepEqual(statusTexts, ["Connection lost. Retrying…"]);
assert.equal(intervals.length, 0, "no QR code, nothing to redraw");

// The QR page: the same polling, and the code redrawn every 30 s with a fresh address.
const qr = { src: "/login/qr.svg" };
const qrIntervals = [];
let qrDone;
const qrFinished = new Promise((resolve) => (qrDone = resolve));
vm.runInNewContext(script, {
  ...page,
  document: { getElementById: (id) => ({ status, qr })[id] ?? null },
  setInterval: (fn, ms) => qrIntervals.push({ fn, ms }),
  fetch: async () => ({ ok: true, json: async () => ({ state: "approved", next: "done" }) }),
  window: { location: { assign: (to) => qrDone(to), reload: () => qrDone("reload") } },
});
assert.equal(await qrFinished, "/login/approve");
assert.equal(qrIntervals.length, 1);
assert.equal(qrIntervals[0].ms, 30000);
qrIntervals[0].fn();
const first = qr.src;
qrIntervals[0].fn();
assert.notEqual(qr.src, first, "each drawing has its own address (no cached image)");
assert.ok(first.startsWith("/login/qr.svg?"), first);
console.log("ok");
