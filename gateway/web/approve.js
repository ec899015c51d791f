// The "approve on your phone" and "log in with a QR code" pages: long-polls this login's
// approval and moves to /login/approve as soon as it is decided (which then moves on, or says
// why not), and redraws the QR code every 30 seconds. Without this script the pages refresh
// themselves instead.
"use strict";

(function () {
  const status = document.getElementById("status");
  const qr = document.getElementById("qr");
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  if (qr) {
    let drawing = 0;
    setInterval(() => {
      drawing += 1;
      qr.src = "/login/qr.svg?drawing=" + drawing;
    }, 30000);
  }

  async function follow() {
    for (;;) {
      let answer;
      try {
        const response = await fetch("/api/v1/login/challenge?wait=25", {
          credentials: "same-origin",
          headers: { accept: "application/json" },
        });
        if (!response.ok) {
          window.location.reload();
          return;
        }
        answer = await response.json();
      } catch (offline) {
        if (status) {
          status.textContent = "Connection lost. Retrying…";
        }
        await pause(3000);
        continue;
      }
      if (answer.state !== "pending") {
        window.location.assign("/login/approve");
        return;
      }
    }
  }

  follow();
})();
