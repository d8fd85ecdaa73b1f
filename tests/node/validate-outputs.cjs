// Validates an amplify_outputs.json with Ajv 8 (JSON Schema 2020-12) against the official schema.
//   node validate-outputs.cjs <schema.json> <amplify_outputs.json>   → {"valid": bool, "errors": [...]}
const { readFileSync } = require('node:fs');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const [schemaPath, docPath] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
ajv.addKeyword('tsType'); // a json-schema-to-typescript hint in the official schema; strict mode rejects unknown keywords
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
const valid = validate(JSON.parse(readFileSync(docPath, 'utf8')));
process.stdout.write(JSON.stringify({ valid, errors: validate.errors || [] }) + '\n');
