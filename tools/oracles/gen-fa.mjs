// Generates the Persian pack's test fixtures from the npm oracles:
//
//   testdata/jalaali_years.json  for every Jalali year whose days fall in 1800-01-01 … 2200-12-31,
//                                the Gregorian date of its 1 Farvardin and its length (jalaali-js);
//   testdata/number_words.json   numbers and their Persian words, cardinal and ordinal
//                                (@persian-tools/persian-tools numberToWords).
//
// Usage: npm ci && npm run gen   (writes into the directory given as the first argument).
// The Go tests read these files; they never run node.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jalaali from 'jalaali-js';
import { numberToWords } from '@persian-tools/persian-tools';

const out = process.argv[2];
if (!out) {
  console.error('usage: node gen-fa.mjs OUTDIR');
  process.exit(2);
}

// Jalali years.
const first = jalaali.toJalaali(1800, 1, 1).jy;
const last = jalaali.toJalaali(2200, 12, 31).jy;
const years = [];
for (let jy = first; jy <= last; jy++) {
  const g = jalaali.toGregorian(jy, 1, 1);
  const length = jalaali.isLeapJalaaliYear(jy) ? 366 : 365;
  if (jalaali.jalaaliMonthLength(jy, 12) !== length - 336) throw new Error(`month lengths of ${jy}`);
  years.push([jy, g.gy, g.gm, g.gd, length]);
}
writeFileSync(join(out, 'jalaali_years.json'), JSON.stringify({
  source: 'jalaali-js@2.0.1',
  format: '[jalali year, gregorian year, month, day of its 1 Farvardin, days in the year]',
  years,
}).replace(/\],\[/g, '],\n[') + '\n');

// Number words. A fixed pseudo-random sequence keeps the file stable between runs.
let seed = 20251201;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const ns = new Set();
for (let n = 1; n <= 130; n++) ns.add(n);
for (let n = 100; n <= 2000; n += 100) ns.add(n);
for (const n of [347, 1405, 1500, 1200, 12400, 20000, 85000, 2100000, 11800000, 67400000,
  3000000000, 4200000000, 1200000000000]) ns.add(n);
for (let i = 0; i < 400; i++) {
  const digits = 1 + Math.floor(rand() * 12);
  ns.add(1 + Math.floor(rand() * 10 ** digits));
}
const numbers = [...ns].sort((a, b) => a - b).map((n) => ({
  n,
  words: numberToWords(n),
  ordinal: numberToWords(n, { ordinal: true }),
}));
writeFileSync(join(out, 'number_words.json'), JSON.stringify({
  source: '@persian-tools/persian-tools@4.0.4 numberToWords',
  numbers,
}, null, 0).replace(/\},\{/g, '},\n{') + '\n');
