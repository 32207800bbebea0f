// The script URLs the page hands the browser for its workers: the map's sweep and ADOPT's
// counterexample. Under the page's Trusted Types policy a worker needs a vetted URL, and this
// policy vets these two only.
const WORKERS = ["./sweep-worker.js", "./adopt-worker.js"];
let policy = null;

function start(url) {
  if (policy === null && globalThis.trustedTypes) {
    policy = globalThis.trustedTypes.createPolicy("optiscape-worker", {
      createScriptURL: (u) => {
        if (!WORKERS.includes(u)) throw new TypeError("optiscape starts no worker but its own, not " + u);
        return u;
      },
    });
  }
  return new Worker(policy ? policy.createScriptURL(url) : url, { type: "module" });
}

export function sweep_worker() {
  return start(WORKERS[0]);
}

export function adopt_worker() {
  return start(WORKERS[1]);
}
