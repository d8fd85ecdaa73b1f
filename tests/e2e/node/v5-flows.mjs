// The client flows of an aws-amplify@5 app on the generated authstack-auth.js, against the emulator.
// Run from an app folder (node_modules/aws-amplify = aws-amplify@5) by tests/e2e/test_amplify_e2e.py:
//
//   node v5-flows.mjs input.json     input.phase = "flows" (everything, ending signed in with Auth0) or "reload"
//
// aws-amplify v5 takes a user-pool endpoint (Auth.configure({ endpoint })) but has no identity-pool one: its
// identity-pool calls go to https://cognito-identity.<region>.amazonaws.com through fetch, redirected here.
import { advanceClock, callerIdentity, emit, input, mark, step, syncFileStorage } from './common.mjs';

const cfg = input();
const realFetch = globalThis.fetch;
globalThis.fetch = (resource, init) => {
    const url = typeof resource === 'string' || resource instanceof URL ? String(resource) : resource.url;
    const target = url.replace(/^https:\/\/cognito-identity\.[a-z0-9-]+\.amazonaws\.com/, cfg.endpoint);
    return realFetch(target === url ? resource : target, init);
};

const { Auth, Hub } = await import('aws-amplify');
const mod = await import('./authstack-auth.js');

const hub = [];
const refreshCalls = [];
const handler = (provider) => async () => {
    refreshCalls.push(provider);
    const fresh = cfg.refreshed[provider];
    return { token: fresh.token, expires_at: Date.now() + 3600 * 1000, ...(fresh.identity_id ? { identity_id: fresh.identity_id } : {}) };
};
const names = [...mod.REFRESH_HANDLERS_REQUIRED, ...mod.REFRESH_HANDLERS_OPTIONAL];
mod.configureAuth({
    refreshHandlers: Object.fromEntries(names.map((name) => [name, handler(name)])),
    onAuthEvent: ({ payload }) => hub.push(`auth:${payload.event}`),
    storage: syncFileStorage(cfg.storageFile),
});
Auth.configure({ endpoint: cfg.endpoint });

const hubEvent = (event, ms = 15000) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error(`no Hub ${event} event within ${ms} ms`)); }, ms);
    const stop = Hub.listen('auth', ({ payload }) => {
        if (payload.event === event) { clearTimeout(timer); stop(); resolve(payload.data); }
    });
});
const session = async () => {
    const c = await Auth.currentCredentials();
    return { identityId: c.identityId ?? null, accessKeyId: c.accessKeyId ?? null, authenticated: !!c.authenticated,
             expiration: c.expiration ? new Date(c.expiration).getTime() : null };
};
const sts = async () => {
    const c = Auth.essentialCredentials(await Auth.currentCredentials());
    return { accessKeyId: c.accessKeyId, identity: await callerIdentity(cfg.endpoint, c) };
};

const results = {};
results.configured = { ok: true, value: { endpoint: Auth.configure().endpoint } };

if (cfg.phase === 'flows') {
    await step(results, 'guest', session);
    await step(results, 'guestSts', sts);
    const autoSignedIn = hubEvent('autoSignIn');
    await step(results, 'signUp', async () => {
        const out = await Auth.signUp({
            username: cfg.username, password: cfg.password, attributes: { email: cfg.username },
            validationData: cfg.validationData, clientMetadata: { step: 'signUp' },
            autoSignIn: { enabled: true, clientMetaData: { step: 'autoSignIn' } },
        });
        return { userConfirmed: out.userConfirmed, userSub: out.userSub };
    });
    await step(results, 'confirmSignUp', async () => Auth.confirmSignUp(cfg.username, '123456', { clientMetadata: { step: 'confirmSignUp' } }));
    await step(results, 'autoSignIn', async () => { const user = await autoSignedIn; return { username: user.getUsername() }; });
    await step(results, 'signedIn', session);
    await step(results, 'signedInSts', sts);
    await step(results, 'signOut', async () => { await Auth.signOut(); return session(); });
    await step(results, 'signIn', async () => {
        const user = await Auth.signIn(cfg.username, cfg.password, { step: 'signIn' });
        return { username: user.getUsername(), challengeName: user.challengeName ?? null };
    });
    await step(results, 'currentUser', async () => ({ username: (await Auth.currentAuthenticatedUser()).getUsername() }));
    await step(results, 'signOutAgain', async () => { await Auth.signOut(); return true; });

    for (const [name, login] of Object.entries(cfg.logins)) {
        await step(results, `federated:${name}`, async () => {
            const signedIn = await Auth.federatedSignIn(name, { token: login.token, expires_at: Date.now() + 3600 * 1000,
                ...(login.identity_id ? { identity_id: login.identity_id } : {}) }, { name: `user of ${name}` });
            const again = await session();
            const identity = await callerIdentity(cfg.endpoint, Auth.essentialCredentials(await Auth.currentCredentials()));
            const current = await Auth.currentAuthenticatedUser();
            await Auth.signOut();
            return { identityId: signedIn.identityId, accessKeyId: signedIn.accessKeyId, session: again, identity,
                     current: { name: current.name ?? null } };
        });
    }

    const provider = mod.FEDERATION_PROVIDERS.auth0;
    await step(results, 'refresh', async () => {
        const first = await Auth.federatedSignIn(provider, { token: cfg.logins[provider].token, expires_at: Date.now() + 60 * 1000 }, { name: 'refreshing' });
        await mark(cfg.endpoint, 'refresh:cached');
        const cached = await session();
        advanceClock(2 * 3600 * 1000);
        await mark(cfg.endpoint, 'refresh:expired');
        const [a, b] = await Promise.all([session(), session()]);
        await mark(cfg.endpoint, 'refresh:after');
        const c = await session();
        return { first: first.identityId, cached, afterExpiry: [a, b, c], refreshCalls: [...refreshCalls] };
    });
    await step(results, 'stored', async () => {
        const info = JSON.parse(syncFileStorage(cfg.storageFile).getItem('aws-amplify-federatedInfo'));
        return { provider: info.provider, identityId: null, user: info.user };
    });
} else if (cfg.phase === 'reload') {
    await step(results, 'stored', async () => {
        const user = await Auth.currentAuthenticatedUser();
        return { provider: JSON.parse(syncFileStorage(cfg.storageFile).getItem('aws-amplify-federatedInfo')).provider, user: { name: user.name } };
    });
    await step(results, 'reloaded', session);
    await step(results, 'reloadedSts', sts);
    await step(results, 'federatedSignOut', async () => { await Auth.signOut(); return syncFileStorage(cfg.storageFile).getItem('aws-amplify-federatedInfo'); });
    await step(results, 'afterSignOut', session);
}

emit({ results, hub, refreshCalls, version: (await import('aws-amplify/package.json', { with: { type: 'json' } })).default.version });
process.exit(0);
