/**
 * Validation against the SARIF 2.1.0 JSON schema as shipped by
 * @microsoft/jest-sarif (a draft-04 schema, hence ajv-draft-04). One of its
 * `pattern`s is not valid under the `u` flag, so patterns are compiled without it.
 */
import * as fs from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** Returns a function giving the schema violations of a log (empty when valid). */
export function sarifValidator(): (data: unknown) => string[] {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
