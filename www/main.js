// Starts the app. A file of its own: the page's Content-Security-Policy allows no inline script.
import init, * as optiscape from "./pkg/optiscape.js";

window.optiscape = optiscape; // timings for the benchmark script (e2e/bench.js)

init().catch((e) => {
  const box = document.getElementById("fatal-error");
  box.textContent = "optiscape could not start: " + e;
  box.hidden = false;
});
