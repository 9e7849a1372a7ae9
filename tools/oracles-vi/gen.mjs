// Generates the number-word fixture for pkg/text/vi (testdata/numwords.json) from the
// read-vietnamese-number oracle, in two dialects. Run once with `npm run gen`; the Go test
// reads the committed JSON and does not need node.
import { ReadingConfig, doReadNumber } from 'read-vietnamese-number'

const numbers = []
for (let n = 1; n <= 130; n++) numbers.push(n)
numbers.push(
  144, 155, 199, 200, 201, 205, 210, 211, 214, 215, 221, 224, 225, 250, 305, 404, 515, 999,
  1000, 1001, 1005, 1010, 1015, 1050, 1200, 1250, 2000, 2025, 2030, 3500, 9999, 10000, 10005,
  12345, 21500, 100000, 105000, 110000, 999999, 1000000, 1000005, 1200000, 1500000, 2000005,
  2150000, 3500000, 12000000, 100000000, 123456789, 980000000, 1000000000, 1000001000,
  1200000000, 3200000000, 45000000000, 600000000000, 1000000000000, 1200000000000,
  3500000000000, 302000000000000, 100000000000005,
)

function dialect(name, tweak) {
  const config = new ReadingConfig()
  config.unit = []
  tweak(config)
  return numbers.map((n) => ({ dialect: name, value: n, text: doReadNumber(String(n), config) }))
}

const out = [
  // The library's defaults: nghìn, tỉ, lẻ, tư, bảy.
  ...dialect('default', () => {}),
  // The other common spellings: ngàn, tỷ, linh, bốn, bẩy.
  ...dialect('southern', (c) => {
    c.units = [[], ['ngàn'], ['triệu'], ['tỷ']]
    c.oddText = 'linh'
    c.fourToneText = 'bốn'
    c.digits = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bẩy', 'tám', 'chín']
  }),
]
process.stdout.write('[\n' + out.map((o) => '  ' + JSON.stringify(o)).join(',\n') + '\n]\n')
