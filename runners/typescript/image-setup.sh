#!/bin/sh
# Run once at image build time (oci-bundles/typescript/image.json), in the new root:
# 1. drops what compiling never reads from Debian's node-typescript: the language service and tsserver bundles
#    (tsserver.js, tsserverlibrary.js, typescriptServices.js, typingsInstaller.js: about 30 MB) and the translated
#    diagnostic messages (English is built in);
# 2. compiles a small program with the compiler API (types from @types/node), then writes the V8 code cache of
#    typescript.js that tsload.js reads (a failure only leaves the image without it: slower, not wrong).
set -u
lib=/usr/share/nodejs/typescript/lib
for f in tsserver.js tsserverlibrary.js tsserverlibrary.d.ts typescriptServices.js typescriptServices.d.ts \
         typingsInstaller.js watchGuard.js cancellationToken.js; do
    rm -f "$lib/$f"
done
for d in "$lib"/*/; do
    [ -f "$d/diagnosticMessages.generated.json" ] && rm -rf "$d"
done
here=/usr/local/lib/kerat/typescript
work=$(mktemp -d)
cat > "$work/main.ts" <<'TS'
import * as fs from 'fs';
import { add } from './lib';
interface Point { x: number; y: number }
class Grid<T> { cells = new Map<string, T>(); set(p: Point, v: T): void { this.cells.set(`${p.x},${p.y}`, v); } }
const g = new Grid<number>();
g.set({ x: 1, y: 2 }, add(1, 2));
const lines: string[] = fs.readFileSync(0, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
async function main(): Promise<void> { console.log(lines.length, [...g.cells.values()], process.argv.slice(2)); }
main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
const bad: number = 'x';
TS
cat > "$work/lib.ts" <<'TS'
export function add(a: number, b: number): number { return a + b; }
export default { add };
TS
cd "$work" && node -e "
const { ts, save } = require('$here/tsload.js').load(true);
const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.NodeJs,
  esModuleInterop: true, skipLibCheck: true, sourceMap: true, outDir: '$work/out', rootDir: '$work', lib: ['lib.es2022.d.ts'],
  types: ['node'], typeRoots: ['/usr/share/nodejs/@types'], noEmitOnError: true };
const program = ts.createProgram(['$work/main.ts', '$work/lib.ts'], options);
const diags = ts.getPreEmitDiagnostics(program);
process.stderr.write(ts.formatDiagnostics(diags, { getCurrentDirectory: () => '$work', getCanonicalFileName: (f) => f, getNewLine: () => '\n' }));
options.noEmitOnError = false;
ts.createProgram(['$work/main.ts', '$work/lib.ts'], options).emit();
save();
" || echo "image-setup: the compiler did not run" >&2
rm -rf "$work"
ls -l "$here/typescript.cache" >&2 || true
exit 0
