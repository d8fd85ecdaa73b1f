// Parses a generated .env with Node's own dotenv parser (util.parseEnv, Node 20.12+), as a bundler
// would read it before exposing the prefixed variables to the app.
//   node parse-env.mjs <.env>   → {"env": {NAME: value, ...}}
import { emit } from './quiet.mjs';
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

emit({ env: parseEnv(readFileSync(process.argv[2], 'utf8')) });
process.exit(0);
