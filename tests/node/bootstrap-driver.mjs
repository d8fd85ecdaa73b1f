// Drives the generated authstack-auth.js under aws-amplify@5. The test copies this file next to the
// generated files, in a folder whose node_modules/aws-amplify is aws-amplify@5, so the driver and the
// module share one Amplify instance.
//
//   node bootstrap-driver.mjs ok                 all required handlers (+ optional ones), Hub listener
//   node bootstrap-driver.mjs missing <name>     every required handler except <name>
//   node bootstrap-driver.mjs unknown <name>     all required handlers plus one for <name>
import { writeSync } from 'node:fs';
for (const level of ['log', 'info', 'warn', 'debug']) {
    console[level] = (...args) => writeSync(2, args.map(String).join(' ') + '\n');
}
const emit = (value) => writeSync(1, JSON.stringify(value) + '\n');

const { Auth, Hub } = await import('aws-amplify');
const Credentials = Auth.Credentials; // where v5 keeps the refresh handlers it calls
const mod = await import('./authstack-auth.js');
const [mode, name] = process.argv.slice(2);

const handlerFor = (provider) => {
    const fn = async () => ({ token: `token-for-${provider}`, expires_at: 4102444800000 });
    Object.defineProperty(fn, 'name', { value: `refresh_${provider}` });
    return fn;
};
const handlers = {};
for (const provider of mod.REFRESH_HANDLERS_REQUIRED) {
    if (!(mode === 'missing' && provider === name)) handlers[provider] = handlerFor(provider);
}
if (mode === 'ok') for (const provider of mod.REFRESH_HANDLERS_OPTIONAL) handlers[provider] = handlerFor(provider);
if (mode === 'unknown') handlers[name] = handlerFor(name);

const events = [];
try {
    const { config, stopListening } = mod.configureAuth({ refreshHandlers: handlers, onAuthEvent: (c) => events.push(c.payload.event) });
    Hub.dispatch('auth', { event: 'authstack-test-1' });
    stopListening();
    Hub.dispatch('auth', { event: 'authstack-test-2' });
    const tokens = {};
    for (const [provider, fn] of Object.entries(config.refreshHandlers || {})) tokens[provider] = (await fn()).token;
    emit({
        ok: true,
        configuredHandlers: Object.keys(config.refreshHandlers || {}).sort(),
        credentialsHandlers: Object.keys(Credentials._refreshHandlers || {}).sort(),
        tokens,
        sameAsAuthConfigure: Auth.configure().refreshHandlers === config.refreshHandlers,
        clientMetadata: config.clientMetadata,
        authenticationFlowType: config.authenticationFlowType,
        userPoolId: config.userPoolId ?? null,
        userPoolWebClientId: config.userPoolWebClientId ?? null,
        identityPoolId: config.identityPoolId ?? null,
        mandatorySignIn: config.mandatorySignIn,
        hubEvents: events,
        exports: {
            STACK: mod.STACK,
            FEDERATION_PROVIDERS: mod.FEDERATION_PROVIDERS,
            REFRESH_HANDLERS_REQUIRED: mod.REFRESH_HANDLERS_REQUIRED,
            REFRESH_HANDLERS_OPTIONAL: mod.REFRESH_HANDLERS_OPTIONAL,
            PROVIDER_SDK_CONFIG: mod.PROVIDER_SDK_CONFIG,
            CLIENT_METADATA: mod.CLIENT_METADATA,
            AUTHENTICATION_FLOW_TYPE: mod.AUTHENTICATION_FLOW_TYPE,
            frozen: Object.isFrozen(mod.FEDERATION_PROVIDERS) && Object.isFrozen(mod.PROVIDER_SDK_CONFIG),
        },
    });
} catch (error) {
    emit({ ok: false, error: error.message });
}
// aws-amplify@5 leaves a timer behind that would keep Node alive for another second; the result is out.
process.exit(0);
