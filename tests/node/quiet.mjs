// Library log lines (Amplify's ConsoleLogger) go to stderr, so stdout carries only the JSON result.
import { writeSync } from 'node:fs';

for (const level of ['log', 'info', 'warn', 'debug']) {
    console[level] = (...args) => writeSync(2, args.map(String).join(' ') + '\n');
}

/** Prints one JSON document on stdout (functions become "[Function name]"). */
export function emit(value) {
    writeSync(1, JSON.stringify(value, (key, v) => (typeof v === 'function' ? `[Function ${v.name || 'anonymous'}]` : v)) + '\n');
}
