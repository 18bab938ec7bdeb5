// `npm test`: type-checks the code and the tests (tsc), runs every test/*.test.ts with Node's test
// runner (TypeScript through tsx) and its TAP reporter, and ends with the repository's summary line,
// "N passed, N failed[, N skipped]" — as scripts/test.sh does, "0 passed, 1 failed" when the
// type check fails before any test ran. Extra arguments go to node --test.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
if (spawnSync(process.execPath, [tsc, '-p', 'test/tsconfig.json'], { stdio: 'inherit' }).status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const files = readdirSync('test').filter(f => f.endsWith('.test.ts')).sort().map(f => `test/${f}`);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...process.argv.slice(2), ...files], {
  stdio: ['ignore', 'pipe', 'inherit'],
});

const counts = { pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
createInterface({ input: child.stdout }).on('line', line => {
  console.log(line);
  const m = /^# (pass|fail|cancelled|skipped|todo) (\d+)$/.exec(line);
  if (m) counts[m[1]] = Number(m[2]);
});

child.on('close', code => {
  const failed = counts.fail + counts.cancelled + (code !== 0 && counts.fail + counts.cancelled === 0 ? 1 : 0);
  const skipped = counts.skipped + counts.todo;
  console.log(`${counts.pass} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  process.exit(failed === 0 ? 0 : 1);
});
