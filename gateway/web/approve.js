// The "approve on your phone" page: long-polls this login's approval and reloads the page as
// soon as it is decided (the page then moves on, or says why not). Without this script the
// page refreshes itself every few seconds instead.
"use strict";

(function () {
  const status = document.getElementById("status");
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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
