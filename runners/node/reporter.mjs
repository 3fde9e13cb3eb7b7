// node:test reporter (node --test-reporter=/kerat/runner/reporter.mjs): turns the in-process test events into
// one JSON line per test in /kerat/out/results.jsonl, then {"event": "done"} once the whole run has ended.
// Only leaf tests are reported; tests inside describe()/t.test() are named "suite > test". A suite is reported
// itself only when it failed for a reason of its own (a hook, its own body), not merely because a subtest did.
import { emit, done, state, trim } from './results.mjs';

function unwrap(err) {
  // node:test wraps what the test threw in ERR_TEST_FAILURE with the original as cause
  if (err && err.code === 'ERR_TEST_FAILURE' && err.cause !== undefined) return err.cause;
  return err;
}

function describeError(err) {
  const cause = unwrap(err);
  if (cause instanceof Error || (cause && typeof cause === 'object' && 'message' in cause)) {
    return { message: String(cause.message), stack: cause.stack ? trim(String(cause.stack)) : null, cause };
  }
  return { message: String(cause), stack: null, cause };
}

function entry(kind, data) {
  const d = data.details || {};
  const e = {
    name: data.name,
    status: 'passed',
    message: null,
    stack_trace: null,
    duration_ms: Math.round(d.duration_ms || 0),
  };
  if (data.skip !== undefined && data.skip !== false) {
    e.status = 'skipped';
    e.message = typeof data.skip === 'string' ? data.skip : null;
  } else if (data.todo !== undefined && data.todo !== false) {
    e.status = 'skipped';
    e.message = 'todo' + (typeof data.todo === 'string' ? ': ' + data.todo : '');
  } else if (kind === 'test:fail') {
    const err = d.error;
    const { message, stack, cause } = describeError(err);
    const type = err && err.failureType;
    const assertion = cause && (cause.code === 'ERR_ASSERTION' || cause.name === 'AssertionError'
      || (cause.constructor && cause.constructor.name === 'AssertionError'));
    e.status = assertion && (type === undefined || type === 'testCodeFailure') ? 'failed' : 'errored';
    e.message = message;
    e.stack_trace = stack;
    e.failureType = type;
  }
  return e;
}

export default async function* keratReporter(source) {
  state.reporterStarted = true;
  const pending = new Map(); // nesting level -> entries finished at that level, waiting for their parent
  const take = (n) => {
    const list = pending.get(n) || [];
    pending.delete(n);
    return list;
  };
  const put = (n, list) => {
    const cur = pending.get(n) || [];
    pending.set(n, cur.concat(list));
  };
  const flush = (list) => {
    for (const e of list) {
      const { failureType, ...line } = e;
      emit(line);
    }
  };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data;
    const n = data.nesting || 0;
    const own = entry(event.type, data);
    const children = take(n + 1);
    let out;
    if (children.length > 0) {
      out = children.map((c) => ({ ...c, name: `${data.name} > ${c.name}` }));
      if (own.status !== 'passed' && own.status !== 'skipped' && own.failureType !== 'subtestsFailed') {
        out.push(own);
      }
    } else {
      out = [own];
    }
    if (n === 0) {
      flush(out);
    } else {
      put(n, out);
    }
    yield `${own.status.toUpperCase()} ${data.name}${own.message && own.status !== 'passed' ? ': ' + own.message.split('\n')[0] : ''}\n`;
  }
  for (const n of [...pending.keys()].sort((a, b) => a - b)) flush(take(n));
  done();
}
