// The client flows of an aws-amplify@6 app on the generated authstack-auth-v6.js, against the emulator.
// Run from an app folder (node_modules/aws-amplify = aws-amplify@6) by tests/e2e/test_amplify_e2e.py:
//
//   node v6-flows.mjs input.json     input.phase = "flows" (everything, ending signed in with Auth0) or "reload"
//
// Prints one JSON object: each step's result (or error), the Hub events seen and the refresh-handler calls.
import { advanceClock, asyncFileStorage, callerIdentity, emit, input, mark, step } from './common.mjs';

const cfg = input();
const { Hub } = await import('aws-amplify/utils');
const auth = await import('aws-amplify/auth');
const mod = await import('./authstack-auth-v6.js');

const hub = [];
const refreshCalls = [];
const handler = (provider) => async () => {
    refreshCalls.push(provider);
    const fresh = cfg.refreshed[provider];
    return { token: fresh.token, expires_at: Date.now() + 3600 * 1000, ...(fresh.identity_id ? { identity_id: fresh.identity_id } : {}) };
};
const refreshHandlers = Object.fromEntries(mod.REFRESH_HANDLERS_REQUIRED.map((name) => [name, handler(name)]));
const { config } = mod.configureAuth({
    refreshHandlers,
    onAuthEvent: ({ channel, payload }) => hub.push(`${channel}:${payload.event}`),
    config: { Auth: { Cognito: { userPoolEndpoint: cfg.endpoint, identityPoolEndpoint: cfg.endpoint } } },
    storage: asyncFileStorage(cfg.storageFile),
});

const session = async (options) => {
    const s = await auth.fetchAuthSession(options);
    return {
        identityId: s.identityId ?? null,
        accessKeyId: s.credentials?.accessKeyId ?? null,
        expiration: s.credentials?.expiration ? new Date(s.credentials.expiration).getTime() : null,
        signedIn: !!s.tokens,
        credentials: s.credentials ?? null,
    };
};
const sts = async () => {
    const s = await auth.fetchAuthSession();
    return { accessKeyId: s.credentials.accessKeyId, identity: await callerIdentity(cfg.endpoint, s.credentials) };
};
const strip = (s) => ({ ...s, credentials: undefined });

const results = {};
results.configured = { ok: true, value: { userPoolEndpoint: config.Auth.Cognito.userPoolEndpoint, identityPoolEndpoint: config.Auth.Cognito.identityPoolEndpoint } };

if (cfg.phase === 'flows') {
    await step(results, 'guest', async () => strip(await session()));
    await step(results, 'guestSts', sts);
    await step(results, 'signUp', async () => auth.signUp({
        username: cfg.username,
        password: cfg.password,
        options: {
            userAttributes: { email: cfg.username },
            validationData: cfg.validationData,
            clientMetadata: mod.withClientMetadata({ step: 'signUp' }),
            autoSignIn: { authFlowType: mod.SIGN_IN_OPTIONS.authFlowType, clientMetadata: mod.withClientMetadata({ step: 'autoSignIn' }) },
        },
    }));
    await step(results, 'confirmSignUp', async () => auth.confirmSignUp({
        username: cfg.username, confirmationCode: '123456',
        options: { clientMetadata: mod.withClientMetadata({ step: 'confirmSignUp' }) },
    }));
    await step(results, 'autoSignIn', async () => auth.autoSignIn());
    await step(results, 'signedIn', async () => strip(await session()));
    await step(results, 'signedInSts', sts);
    await step(results, 'signOut', async () => { await auth.signOut(); return strip(await session()); });
    await step(results, 'signIn', async () => auth.signIn({
        username: cfg.username, password: cfg.password,
        options: { ...mod.SIGN_IN_OPTIONS, clientMetadata: mod.withClientMetadata({ step: 'signIn' }) },
    }));
    await step(results, 'currentUser', async () => auth.getCurrentUser());
    await step(results, 'signOutAgain', async () => { await auth.signOut(); return true; });

    for (const [name, login] of Object.entries(cfg.logins)) {
        await step(results, `federated:${name}`, async () => {
            const signedIn = await mod.federatedSignIn(name, { token: login.token, expires_at: Date.now() + 3600 * 1000,
                ...(login.identity_id ? { identity_id: login.identity_id } : {}) }, { name: `user of ${name}` });
            const again = await session();
            const identity = await callerIdentity(cfg.endpoint, again.credentials);
            const current = await mod.currentFederatedSession();
            await mod.federatedSignOut();
            const after = await mod.currentFederatedSession();
            return { identityId: signedIn.identityId, accessKeyId: signedIn.credentials.accessKeyId, session: strip(again),
                     identity, current, after };
        });
    }

    // Refresh: a token that expires in a minute, then two hours later (credentials and token expired).
    const provider = mod.FEDERATION_PROVIDERS.auth0;
    await step(results, 'refresh', async () => {
        const first = await mod.federatedSignIn(provider, { token: cfg.logins[provider].token, expires_at: Date.now() + 60 * 1000 });
        await mark(cfg.endpoint, 'refresh:cached');
        const cached = await session();  // within the credentials' lifetime: no new call, no refresh
        advanceClock(2 * 3600 * 1000);
        await mark(cfg.endpoint, 'refresh:expired');
        const [a, b] = await Promise.all([session(), session()]);
        await mark(cfg.endpoint, 'refresh:after');
        const c = await session();
        return { first: first.identityId, cached: strip(cached), afterExpiry: [strip(a), strip(b), strip(c)],
                 refreshCalls: [...refreshCalls] };
    });
    // Left signed in with Auth0 for the reload phase.
    await step(results, 'stored', async () => mod.currentFederatedSession());
} else if (cfg.phase === 'reload') {
    await step(results, 'stored', async () => mod.currentFederatedSession());
    await step(results, 'reloaded', async () => strip(await session()));
    await step(results, 'reloadedSts', sts);
    await step(results, 'federatedSignOut', async () => { await mod.federatedSignOut(); return mod.currentFederatedSession(); });
    await step(results, 'afterSignOut', async () => strip(await session()));
}

emit({ results, hub, refreshCalls, version: (await import('aws-amplify/package.json', { with: { type: 'json' } })).default.version });
process.exit(0);
