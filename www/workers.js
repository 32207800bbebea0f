// The one script URL the page hands the browser: its sweep worker. Under the page's Trusted
// Types policy a worker needs a vetted URL, and this policy vets that one only.
const WORKER = "./sweep-worker.js";
let policy = null;

export function sweep_worker() {
  if (policy === null && globalThis.trustedTypes) {
    policy = globalThis.trustedTypes.createPolicy("optiscape-worker", {
      createScriptURL: (url) => {
        if (url !== WORKER) throw new TypeError("optiscape starts no worker but its own, not " + url);
        return url;
      },
    });
  }
  return new Worker(policy ? policy.createScriptURL(WORKER) : WORKER, { type: "module" });
}
