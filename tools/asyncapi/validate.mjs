// Validates an AsyncAPI document with the AsyncAPI parser, offline (relative $refs are read
// from disk): node validate.mjs [FILE]. Exit status 1 when the document has an error.
import { resolve } from 'node:path';
import { Parser, fromFile, DiagnosticSeverity } from '@asyncapi/parser';

const file = resolve(process.argv[2] ?? '../../docs/asyncapi.yaml');
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
const names = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning' };
for (const d of diagnostics) {
  console.error(`${names[d.severity] ?? 'note'} ${d.code} at /${d.path.join('/')}: ${d.message}`);
}
if (!document || diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) {
  console.error(`${file}: INVALID`);
  process.exit(1);
}
console.log(`${file}: valid AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.operations().length} operations, ${document.components().messages().length} messages`);
