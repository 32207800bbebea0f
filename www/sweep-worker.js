// Computes stability-map cells off the page's main thread. It loads the page's own
// WebAssembly and answers each chunk of cells with their measures, one row of numbers a cell.
import init, { sweep_rows } from "./pkg/optiscape.js";

const ready = init();

self.onmessage = async (e) => {
  const { job, sweep, cells } = e.data;
  try {
    await ready;
    const rows = sweep_rows(sweep, Uint32Array.from(cells));
    self.postMessage({ job, rows }, [rows.buffer]);
  } catch (err) {
    self.postMessage({ job, error: String(err) });
  }
};
