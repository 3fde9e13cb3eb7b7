// The results channel: one JSON object per line, appended synchronously so that nothing is lost or reordered
// when the process ends abruptly. Shared by the harness and the reporter (one module instance per process).
import fs from 'node:fs';

const FILE = process.env.KERAT_RESULTS_FILE || '/kerat/out/results.jsonl';
let closed = false;

export const state = { reporterStarted: false, loaded: false, drained: false };

export function emit(obj) {
  if (closed) return;
  fs.appendFileSync(FILE, JSON.stringify(obj) + '\n');
}

export function done() {
  emit({ event: 'done' });
  closed = true;
}

// drops node's own frames (node:internal/..., node:async_hooks) from a stack trace
export function trim(stack) {
  return String(stack).split('\n').filter((l) => !/^\s+at (.*\()?node:/.test(l)).join('\n');
}
