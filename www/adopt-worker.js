// Runs ADOPT's counterexample study off the page's main thread: it loads the page's own
// WebAssembly, advances the study in steps of about 10 ms, and posts the bands so far at
// most every 100 ms. A new study replaces the one in progress.
import init, { AdoptWorker } from "./pkg/optiscape.js";

const ready = init();
let current = { job: -1, study: null };

self.onmessage = async (e) => {
  const { job, cfg } = e.data;
  await ready;
  if (current.study) current.study.free();
  current = { job, study: null };
  try {
    current.study = new AdoptWorker(cfg);
  } catch (err) {
    self.postMessage({ job, error: String(err) });
    return;
  }
  setTimeout(() => work(job, 64), 0);
};

function work(job, chunk) {
  const study = current.study;
  if (current.job !== job || !study) return;
  const t0 = performance.now();
  while (!study.is_done() && performance.now() - t0 < 100) {
    const c0 = performance.now();
    study.advance(chunk);
    const dt = Math.max(performance.now() - c0, 0.01);
    chunk = Math.max(1, Math.floor(chunk * Math.min(2, 10 / dt)));
  }
  const rows = study.rows();
  const done = study.is_done();
  self.postMessage({ job, progress: study.progress(), done, rows }, [rows.buffer]);
  if (!done) setTimeout(() => work(job, chunk), 0);
}
