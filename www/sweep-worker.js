// Computes stability-map cells off the page's main thread. It loads the page's own
// WebAssembly and answers each chunk of cells with their measures, one row of numbers a cell.
import init, { SweepWorker } from "./pkg/optiscape.js";

// The worker's sweeper keeps what chunks of a map share (bias-correction tables).
const ready = init().then(() => new SweepWorker());

self.onmessage = async (e) => {
  const { job, sweep, cells } = e.data;
  try {
    const sweeper = await ready;
    const rows = sweeper.rows(sweep, Uint32Array.from(cells));
    self.postMessage({ job, rows }, [rows.buffer]);
  } catch (err) {
    self.postMessage({ job, error: String(err) });
  }
};
