#!/usr/bin/env node
// The TypeScript SDK v1 client (@modelcontextprotocol/sdk, pinned in package.json) doing the whole OAuth flow
// against an MCP server that is its own authorization server, with browser-walker.mjs as the browser:
//
//   node tests/clients/oauth-client.mjs <mcpUrl> [<tool> <jsonArgs>]      (the tool defaults to whoami {})
//
// Steps, each printed as one JSON line {"step": ...} on stdout:
//   unauthorized                    the first POST answered 401 with a WWW-Authenticate challenge
//   resource-metadata               the protected resource metadata (RFC 9728) the SDK found
//   authorization-server-metadata   the authorization server metadata (RFC 8414) the SDK found
//   registration                    dynamic client registration (RFC 7591)
//   authorize                       the authorization URL (PKCE S256), then one "browser" line per page the
//                                   walker saw, then "callback" with what came back to the redirect URI
//   token                           finishAuth exchanged the code
//   connected, tools, call          tools/list and tools/call with the access token
//   refresh                         auth() used the refresh token: did the access and refresh tokens rotate?
//   after-refresh                   tools/list on a new connection with the refreshed token
//   reauthorize                     tokens dropped, the same client authorized again (consent is skipped when
//                                   nothing new is asked: "consentPage": false); then whoami with the new token
// Secrets (tokens, codes, verifiers) are never printed. On any failure it prints one line {"error":{...}} and
// exits 2; exit 0 when every step succeeded. BROWSER_WALKER_FIELDS passes form overrides to the walker (for
// example "user=sunrise/sunrise-coordinator"). The whole run is bounded by CLIENT_TIMEOUT_MS (default 60000).
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { walk } from './browser-walker.mjs';

const USAGE = 'usage: oauth-client.mjs <mcpUrl> [<tool> <jsonArgs>]';
// Never listened on: the walker stops at the redirect to it and hands the code to the SDK in-process.
const REDIRECT_URL = 'http://127.0.0.1:53682/callback';

function writeLine(value) {
    process.stdout.write(JSON.stringify(value) + '\n');
}

function fail(error, code = 'error') {
    const cause = error?.cause;
    writeLine({ error: {
        message: `${error instanceof Error ? error.message : String(error)}${cause ? `: ${cause.message ?? cause}` : ''}`,
        code: error instanceof UnauthorizedError ? 401 : (error?.code ?? cause?.code ?? code),
    } });
    process.exit(2);
}

/** An in-memory OAuthClientProvider whose "browser" is the walker; it reports each step as the SDK reaches it. */
class WalkingProvider {
    #client;
    #tokens;
    #verifier;
    #state;
    #discovery;
    callback;
    consentPage;

    constructor(exchanges, fields) {
        this.exchanges = exchanges;
        this.fields = fields;
    }

    get redirectUrl() {
        return REDIRECT_URL;
    }

    get clientMetadata() {
        return {
            client_name: 'FunctionsMcp e2e (TypeScript SDK v1)',
            redirect_uris: [REDIRECT_URL],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: 'none',
        };
    }

    state() {
        this.#state = randomBytes(16).toString('base64url');
        return this.#state;
    }

    clientInformation() {
        return this.#client;
    }

    saveClientInformation(information) {
        if (this.#client?.client_id !== information.client_id) {
            writeLine({ step: 'registration', request: this.exchanges.last('POST', '/register'), clientId: information.client_id,
                redirectUris: information.redirect_uris, tokenEndpointAuthMethod: information.token_endpoint_auth_method });
        }
        this.#client = information;
    }

    tokens() {
        return this.#tokens;
    }

    saveTokens(tokens) {
        this.#tokens = tokens;
    }

    saveCodeVerifier(verifier) {
        this.#verifier = verifier;
    }

    codeVerifier() {
        return this.#verifier;
    }

    discoveryState() {
        return this.#discovery;
    }

    saveDiscoveryState(state) {
        if (this.#discovery === undefined) {
            const resource = state.resourceMetadata;
            const server = state.authorizationServerMetadata;
            writeLine({ step: 'resource-metadata', request: this.exchanges.last('GET', '/.well-known/oauth-protected-resource'),
                resource: resource?.resource, authorizationServers: resource?.authorization_servers, scopes: resource?.scopes_supported });
            writeLine({ step: 'authorization-server-metadata', request: this.exchanges.last('GET', '/.well-known/'), issuer: server?.issuer,
                codeChallengeMethods: server?.code_challenge_methods_supported, registrationEndpoint: server?.registration_endpoint });
        }
        this.#discovery = state;
    }

    invalidateCredentials(scope) {
        if (scope === 'all' || scope === 'client')
            this.#client = undefined;
        if (scope === 'all' || scope === 'tokens')
            this.#tokens = undefined;
        if (scope === 'all' || scope === 'verifier')
            this.#verifier = undefined;
        if (scope === 'all' || scope === 'discovery')
            this.#discovery = undefined;
    }

    async redirectToAuthorization(url) {
        const query = url.searchParams;
        writeLine({ step: 'authorize', endpoint: url.origin + url.pathname, clientId: query.get('client_id'), scope: query.get('scope'),
            resource: query.get('resource'), redirectUri: query.get('redirect_uri'), codeChallengeMethod: query.get('code_challenge_method'),
            codeChallengeLength: query.get('code_challenge')?.length, verifierLength: this.#verifier?.length, prompt: query.get('prompt') });
        this.consentPage = false;
        const { redirect } = await walk(url.href, {
            fields: this.fields,
            fetchCallback: false,
            log: event => {
                if (event.step === 'form' && event.page === '/consent')
                    this.consentPage = true;
                const { step, ...details } = event;
                writeLine({ step: 'browser', event: step, ...details });
            },
        });
        const params = redirect.searchParams;
        if (params.get('state') !== this.#state)
            throw new Error(`the callback's state ${params.get('state')} is not the one sent`);
        if (params.has('error'))
            throw new Error(`the authorization was refused: ${params.get('error')} (${params.get('error_description')})`);
        writeLine({ step: 'callback', redirectUri: redirect.origin + redirect.pathname, params: [...params.keys()], iss: params.get('iss'),
            issuerMatches: params.get('iss') === this.#discovery?.authorizationServerMetadata?.issuer, consentPage: this.consentPage });
        this.callback = redirect;
    }
}

/** Every HTTP exchange the SDK made (method, path, status), so the steps can say which URL each came from. */
class Exchanges {
    #all = [];

    fetch = async (input, init) => {
        const response = await fetch(input, init);
        const url = new URL(input instanceof Request ? input.url : String(input));
        const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
        if (response.status === 401 && !this.#all.some(e => e.status === 401))
            writeLine({ step: 'unauthorized', request: { method, url: url.origin + url.pathname }, status: 401, wwwAuthenticate: response.headers.get('www-authenticate') });
        this.#all.push({ method, url: url.origin + url.pathname, status: response.status });
        return response;
    };

    last(method, pathPrefix) {
        const found = this.#all.findLast(e => e.method === method && new URL(e.url).pathname.startsWith(pathPrefix));
        return found && { method: found.method, url: found.url, status: found.status };
    }
}

async function connect(url, provider, exchanges) {
    const transport = new StreamableHTTPClientTransport(url, {
        authProvider: provider,
        fetch: exchanges.fetch,
        reconnectionOptions: { initialReconnectionDelay: 500, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1, maxRetries: 0 },
    });
    const client = new Client({ name: 'functionsmcp-e2e-oauth-client', version: '1.0.0' }, { capabilities: {} });
    client.onerror = () => {};
    await client.connect(transport);
    return { client, transport };
}

/** Connects, expecting the server to ask for authorization; walks it and exchanges the code. */
async function authorize(url, provider, exchanges) {
    const transport = new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: exchanges.fetch });
    const client = new Client({ name: 'functionsmcp-e2e-oauth-client', version: '1.0.0' }, { capabilities: {} });
    try {
        await client.connect(transport);
        throw new Error('connected without authorizing: the server did not ask for OAuth');
    } catch (error) {
        if (!(error instanceof UnauthorizedError) || provider.callback === undefined)
            throw error;
    }
    await transport.finishAuth(provider.callback.searchParams.get('code'));
    provider.callback = undefined;
    const tokens = provider.tokens();
    writeLine({ step: 'token', tokenType: tokens.token_type, scope: tokens.scope, expiresIn: tokens.expires_in, refreshToken: tokens.refresh_token !== undefined,
        request: exchanges.last('POST', '/token') });
    await client.close().catch(() => {});
}

async function close({ client, transport }) {
    if (transport.sessionId !== undefined)
        await transport.terminateSession().catch(() => {});
    await client.close().catch(() => {});
}

async function main() {
    const [mcpUrl, tool = 'whoami', argsJson = '{}', ...extra] = process.argv.slice(2);
    let url;
    let toolArgs;
    try {
        url = new URL(mcpUrl);
        toolArgs = JSON.parse(argsJson);
    } catch {
        fail(new Error(USAGE), 'usage');
    }
    if (extra.length > 0)
        fail(new Error(USAGE), 'usage');
    const timeoutMs = Number.parseInt(process.env.CLIENT_TIMEOUT_MS ?? '60000', 10);
    setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms (CLIENT_TIMEOUT_MS)`), 'timeout'), timeoutMs > 0 ? timeoutMs : 60000).unref();

    const exchanges = new Exchanges();
    const provider = new WalkingProvider(exchanges, new URLSearchParams(process.env.BROWSER_WALKER_FIELDS ?? ''));

    // The first connection is refused; the SDK discovers, registers and sends the browser to /authorize.
    await authorize(url, provider, exchanges);

    let session = await connect(url, provider, exchanges);
    writeLine({ step: 'connected', protocolVersion: session.transport.protocolVersion ?? null, serverInfo: session.client.getServerVersion() ?? null });
    writeLine({ step: 'tools', tools: (await session.client.listTools()).tools.map(t => t.name) });
    writeLine({ step: 'call', tool, result: await session.client.callTool({ name: tool, arguments: toolArgs }) });
    await close(session);

    // A refresh: with a refresh token stored, auth() goes straight to the token endpoint.
    const before = provider.tokens();
    const result = await auth(provider, { serverUrl: url, fetchFn: exchanges.fetch });
    const after = provider.tokens();
    writeLine({ step: 'refresh', result, request: exchanges.last('POST', '/token'), scope: after.scope,
        accessTokenRotated: after.access_token !== before.access_token, refreshTokenRotated: after.refresh_token !== before.refresh_token });

    session = await connect(url, provider, exchanges);
    writeLine({ step: 'after-refresh', tools: (await session.client.listTools()).tools.length });
    await close(session);

    // The same client again, as after a restart that lost the tokens: the person signs in, consent is not asked twice.
    provider.invalidateCredentials('tokens');
    await authorize(url, provider, exchanges);
    session = await connect(url, provider, exchanges);
    const who = await session.client.callTool({ name: 'whoami', arguments: {} });
    writeLine({ step: 'reauthorize', consentPage: provider.consentPage, whoami: who.structuredContent ?? null });
    await close(session);
}

main().then(() => process.exit(0), error => fail(error));
