// Loads one generated client file into a real Amplify JS runtime and prints what the runtime parsed.
//
//   node consume.mjs v5 <file>   aws-amplify@5: Amplify.configure(cfg), prints Auth.configure()
//   node consume.mjs v6 <file>   aws-amplify@6: Amplify.configure(cfg), prints Amplify.getConfig()
//
// <file> is aws-exports.js (an ES module: copied to a temporary .mjs and imported, as a bundler would)
// or a JSON file (amplifyconfiguration.json, amplify_outputs.json). Errors print {"error": ...}, exit 3.
// Each call is a fresh process, so no Amplify singleton carries state from one file to the next
// (v5's Auth.configure merges into what an earlier configure left).
import { emit } from './quiet.mjs';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const [runtime, file] = process.argv.slice(2);

async function loadConfig(path) {
    if (path.endsWith('.js')) {
        // aws-exports.js uses `export default`; a .mjs copy is an ES module whatever package.json says.
        const dir = mkdtempSync(join(tmpdir(), 'authstack-exports-'));
        try {
            const copy = join(dir, 'aws-exports.mjs');
            copyFileSync(path, copy);
            return (await import(pathToFileURL(copy).href)).default;
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }
    return JSON.parse(readFileSync(path, 'utf8'));
}

try {
    const config = await loadConfig(file);
    if (runtime === 'v5') {
        const { Amplify, Auth } = require('amplify5');
        Amplify.configure(config);
        emit({ runtime: 'v5', version: require('amplify5/package.json').version, auth: Auth.configure() });
    } else if (runtime === 'v6') {
        const { Amplify } = await import('amplify6');
        Amplify.configure(config);
        emit({ runtime: 'v6', version: require('amplify6/package.json').version, config: Amplify.getConfig() });
    } else {
        throw new Error(`unknown runtime ${runtime}`);
    }
} catch (error) {
    emit({ error: { name: error.name, message: error.message } });
    process.exit(3);
}
// aws-amplify@5 leaves a timer behind that would keep Node alive for another second; the result is out.
process.exit(0);
