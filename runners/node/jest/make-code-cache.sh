#!/bin/sh
# Run at image build time (oci-bundles/node/image.json), in the new root: runs Jest on two small suites (ES modules
# through esm.js; jest.mock() through Babel) to fill the V8 code cache of codecache.js with every module of
# Debian's packages that a run loads, and fscache.js's answers (resolutions, sources, jest-resolve's questions about
# /usr) in the same directory. A failure here only leaves the image without the caches (slower, not wrong).
set -u
runner=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/usr/local/lib/kerat/node/jest-code-cache.bin}
mkdir -p "$(dirname "$out")"
fsout=$(dirname "$out")/jest-fs-cache.bin
rm -f "$out" "$fsout"
work=$(mktemp -d)
mkdir -p "$work/esm" "$work/mock"
cat > "$work/esm/calc.js" <<'JS'
export const add = (a, b) => a + b;
export default function twice(x) { return 2 * x; }
JS
cat > "$work/esm/calc.spec.js" <<'JS'
import { describe, expect, jest, test, xtest } from '@jest/globals';
import twice, { add } from './calc';
describe('calc', () => {
  test('adds', () => { expect(add(1, 2)).toBe(3); expect(add(0.1, 0.2)).toBeCloseTo(0.3); });
  test('fails', () => { expect({ a: [1] }).toEqual({ a: [2] }); });
  test('throws', () => { expect(() => { throw new TypeError('x'); }).toThrow(TypeError); });
  test.each([[1, 2], [2, 4]])('twice(%i)', (x, y) => { expect(twice(x)).toBe(y); });
  test('mocks', async () => { const f = jest.fn().mockResolvedValue(1); await expect(f()).resolves.toBe(1); expect(f).toHaveBeenCalled(); });
  xtest('skipped', () => {});
  test.todo('todo');
});
JS
cat > "$work/mock/dep.js" <<'JS'
module.exports = { value: () => 1 };
JS
cat > "$work/mock/dep.test.js" <<'JS'
import { value } from './dep';
jest.mock('./dep');
test('mocked', () => { value.mockReturnValue(2); expect(value()).toBe(2); });
test('broken', () => { null.x; });
JS
for suite in esm mock; do
    (cd "$work/$suite" && KERAT_WORKSPACE="$work/$suite" KERAT_RESULTS_FILE="$work/$suite.jsonl" KERAT_CODE_CACHE_WRITE="$out" KERAT_FS_CACHE_WRITE="$fsout" \
        KERAT_SOURCE_FILES=$(ls | grep -v test | tr '\n' ':') KERAT_TEST_FILES=$(ls | grep test) HOME="$work" \
        /usr/bin/node "$runner/jest/run.js" > "$work/$suite.log" 2>&1)
    grep -q '"event":"done"' "$work/$suite.jsonl" 2>/dev/null || echo "make-code-cache: the $suite suite did not run" >&2
done
rm -rf "$work"
ls -l "$out" "$fsout" >&2 || true
exit 0
