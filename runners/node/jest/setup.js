'use strict';
// setupFilesAfterEnv of every test file (runs inside the test environment, before the test file).
// 1. A plain console writing straight to the process's stdout/stderr, as `node` itself would: Jest's own console
//    buffers or decorates the output ("console.log ... at ..."), and a buffer is lost if a test hangs.
// 2. Before each test, one turn of the event loop (with the real setImmediate, taken before a test can install fake
//    timers): the reporter's result for the test that just ended travels through promises, and a test that never
//    returns (`while (true) {}`) would otherwise keep it from being written.
const { Console } = require('console');
globalThis.console = new Console({ stdout: process.stdout, stderr: process.stderr, colorMode: false });
const realSetImmediate = setImmediate;
beforeEach(() => new Promise((resolve) => realSetImmediate(resolve)));

