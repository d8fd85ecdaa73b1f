// Runs the official Gen 2 → Gen 1 converters of @aws-amplify/client-config on an amplify_outputs.json.
//   node convert-gen2.mjs <amplify_outputs.json>   → {"legacy": <aws-exports object>, "mobile": <mobile config>}
// The converters are not exported from the package entry, so they are loaded by path.
import { emit } from './quiet.mjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const lib = dirname(require.resolve('@aws-amplify/client-config'));
const load = async (rel) => import(pathToFileURL(join(lib, 'client-config-writer', rel)).href);
const { ClientConfigLegacyConverter } = await load('client_config_to_legacy_converter.js');
const { ClientConfigMobileConverter } = await load('client_config_to_mobile_legacy_converter.js');

const outputs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const legacy = new ClientConfigLegacyConverter().convertToLegacyConfig(outputs);
const mobile = new ClientConfigMobileConverter('authstack-test', '0.0.0').convertToMobileConfig(legacy); // it takes the legacy (Gen 1) object
const { version } = JSON.parse(readFileSync(join(lib, '..', 'package.json'), 'utf8'));
emit({ version, legacy, mobile });
process.exit(0); // aws-amplify packages may leave timers behind; the result is out
