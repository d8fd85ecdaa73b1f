// Shared by the end-to-end drivers (v5-flows.mjs, v6-flows.mjs). Installed before aws-amplify is imported:
// a clock the driver can move forward, quiet library logs, file-backed storages (a "reload" is a second Node
// process reading the same file), and an STS call with given credentials.
import { existsSync, readFileSync, writeFileSync, writeSync } from 'node:fs';

for (const level of ['log', 'info', 'warn', 'debug']) {
    console[level] = (...args) => writeSync(2, args.map(String).join(' ') + '\n');
}

// ------------------------------------------------------------------------------------------- clock
const RealDate = Date;
let offset = 0;
class MovableDate extends RealDate {
    constructor(...args) {
        if (args.length === 0) super(RealDate.now() + offset);
        else super(...args);
    }
    static now() { return RealDate.now() + offset; }
}
globalThis.Date = MovableDate;

/** Moves every clock reading (Date.now(), new Date()) forward. */
export function advanceClock(ms) { offset += ms; }

// ----------------------------------------------------------------------------------------- output
export function emit(value) {
    writeSync(1, JSON.stringify(value, (key, v) => (v instanceof Error ? { name: v.name, message: v.message } : v)) + '\n');
}

export function input() {
    return JSON.parse(readFileSync(process.argv[2], 'utf8'));
}

// ---------------------------------------------------------------------------------------- storage
function load(path) { return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}; }
function save(path, data) { writeFileSync(path, JSON.stringify(data, null, 1)); }

/** aws-amplify v5's storage shape (synchronous), kept in a JSON file. */
export function syncFileStorage(path) {
    return {
        setItem(key, value) { const d = load(path); d[key] = String(value); save(path, d); return d[key]; },
        getItem(key) { const d = load(path); return Object.prototype.hasOwnProperty.call(d, key) ? d[key] : null; },
        removeItem(key) { const d = load(path); delete d[key]; save(path, d); },
        clear() { save(path, {}); },
    };
}

/** aws-amplify v6's KeyValueStorageInterface (asynchronous), kept in a JSON file. */
export function asyncFileStorage(path) {
    const s = syncFileStorage(path);
    return {
        async setItem(key, value) { s.setItem(key, value); },
        async getItem(key) { return s.getItem(key); },
        async removeItem(key) { s.removeItem(key); },
        async clear() { s.clear(); },
    };
}

// -------------------------------------------------------------------------------------------- STS
/** STS GetCallerIdentity signed with the given credentials (an AWS SDK v3 call, as an app makes one). */
export async function callerIdentity(endpoint, credentials) {
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const client = new STSClient({ region: 'us-east-1', endpoint, credentials });
    const out = await client.send(new GetCallerIdentityCommand({}));
    return { Account: out.Account, Arn: out.Arn, UserId: out.UserId };
}

// Kept before any library can wrap fetch: step markers go straight to the recording proxy.
const markFetch = globalThis.fetch;

/** Tells the recording proxy that the calls from here on belong to step `name`. */
export async function mark(endpoint, name) {
    await markFetch(`${endpoint}/authstack-step/${encodeURIComponent(name)}`, { method: 'POST' });
}

/** Runs a step, keeping its result or error, so one failing step does not hide the others. */
export async function step(results, name, fn, endpoint = input().endpoint) {
    await mark(endpoint, name);
    try {
        results[name] = { ok: true, value: await fn() };
    } catch (error) {
        results[name] = { ok: false, error: { name: error && error.name, message: String(error && error.message) } };
    }
    return results[name];
}
