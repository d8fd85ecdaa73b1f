// Drives the generated authstack-auth-v6.js under aws-amplify@6. The test copies this file next to the
// generated files, in a folder whose node_modules/aws-amplify is aws-amplify@6, so the driver and the
// module share one Amplify instance.
//
//   node bootstrap-v6-driver.mjs ok                 all handlers, Hub listener, the app's own config merged in
//   node bootstrap-v6-driver.mjs missing <name>     every required handler except <name>
//   node bootstrap-v6-driver.mjs unknown <name>     all required handlers plus one for <name>
import { readFileSync } from 'node:fs';
import { emit } from './quiet.mjs';

const { Amplify } = await import('aws-amplify');
const { Hub, parseAmplifyConfig } = await import('aws-amplify/utils');
const { cognitoUserPoolsTokenProvider } = await import('aws-amplify/auth/cognito');
const mod = await import('./authstack-auth-v6.js');
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
if (mode === 'unknown') handlers[name] = handlerFor(name);

// What an app adds: endpoints for the Cognito pools (a proxy, an emulator) and another category.
const own = {
    Auth: { Cognito: { userPoolEndpoint: 'http://127.0.0.1:9/idp', identityPoolEndpoint: 'http://127.0.0.1:9/identity' } },
    API: { REST: { orders: { endpoint: 'https://api.example.com/orders', region: 'us-east-1' } } },
};
// The sibling generated files, parsed by v6 itself, for comparison with what the module configured.
const sibling = (file) => {
    try {
        const text = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
        const body = file.endsWith('.js') ? text.match(/const awsmobile = (\{[\s\S]*\});\s*export default awsmobile;/)[1] : text;
        return parseAmplifyConfig(JSON.parse(body));
    } catch (error) {
        return null;
    }
};

const events = [];
try {
    const { config, libraryOptions, stopListening } = mod.configureAuth({
        refreshHandlers: handlers,
        onAuthEvent: (c) => events.push(`${c.channel}:${c.payload.event}`),
        config: own,
    });
    Hub.dispatch(mod.HUB_CHANNEL, { event: 'authstack-test-1' });
    stopListening();
    Hub.dispatch(mod.HUB_CHANNEL, { event: 'authstack-test-2' });
    const options = mod.authLibraryOptions();
    emit({
        ok: true,
        version: JSON.parse(readFileSync(new URL('./node_modules/aws-amplify/package.json', import.meta.url), 'utf8')).version,
        config,
        generated: mod.resourcesConfig(),
        fromOutputsFile: sibling('amplify_outputs.json'),
        fromAwsExports: sibling('aws-exports.js'),
        sameTokenProvider: libraryOptions.Auth.tokenProvider === cognitoUserPoolsTokenProvider,
        sameCredentialsProvider: options.Auth.credentialsProvider === libraryOptions.Auth.credentialsProvider,
        providerMethods: Object.keys(libraryOptions.Auth.credentialsProvider).sort(),
        session: await Amplify.fetchAuthSession().then((s) => ({ identityId: s.identityId ?? null, tokens: !!s.tokens }), (e) => ({ error: e.name })),
        federated: await mod.currentFederatedSession(),
        withClientMetadata: mod.withClientMetadata({ step: 'signup' }),
        hubEvents: events,
        exports: {
            STACK: mod.STACK,
            FEDERATION_PROVIDERS: mod.FEDERATION_PROVIDERS,
            REFRESH_HANDLERS_REQUIRED: mod.REFRESH_HANDLERS_REQUIRED,
            REFRESH_HANDLERS_OPTIONAL: mod.REFRESH_HANDLERS_OPTIONAL,
            PROVIDER_SDK_CONFIG: mod.PROVIDER_SDK_CONFIG,
            CLIENT_METADATA: mod.CLIENT_METADATA,
            AUTHENTICATION_FLOW_TYPE: mod.AUTHENTICATION_FLOW_TYPE,
            SIGN_IN_OPTIONS: mod.SIGN_IN_OPTIONS,
            HOSTED_UI_PROVIDERS: mod.HOSTED_UI_PROVIDERS,
            HUB_CHANNEL: mod.HUB_CHANNEL,
            HUB_EVENTS: mod.HUB_EVENTS,
            frozen: Object.isFrozen(mod.FEDERATION_PROVIDERS) && Object.isFrozen(mod.PROVIDER_SDK_CONFIG)
                && Object.isFrozen(mod.HOSTED_UI_PROVIDERS) && Object.isFrozen(mod.SIGN_IN_OPTIONS),
        },
    });
} catch (error) {
    emit({ ok: false, error: error.message });
}
process.exit(0);
