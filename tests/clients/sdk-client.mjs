#!/usr/bin/env node
// MCP client for the end-to-end tests: the TypeScript SDK v1 client (@modelcontextprotocol/sdk, pinned in
// package.json) over Streamable HTTP, with a bearer token.
//
//   node tests/clients/sdk-client.mjs <mcpUrl> <bearerToken> <command...>
//
// Commands, run in order in one session:
//   list                     prints {"tools":["name", ...]} (every page)
//   tools                    prints {"tools":[<full tool definitions>]} (every page)
//   call <tool> <jsonArgs>   prints the CallToolResult as JSON (a tool error is a result with "isError": true)
//   info                     prints {"serverInfo":...,"capabilities":...,"protocolVersion":...,"instructions":...}
//
// stdout carries exactly one JSON document per command, one per line, and nothing else. On any failure
// (connection, HTTP status, JSON-RPC error, timeout, bad arguments) it prints one line
//   {"error":{"message":"...","code":<number|string>,"status":<HTTP status, when there was one>,"wwwAuthenticate":"..."}}
// and exits 2. "code" is the HTTP status for HTTP errors (401, 403, 404, ...), the JSON-RPC error code for MCP
// errors (-32602, ...), the system error code for network errors (ECONNREFUSED, ...), "timeout" or "usage".
// An empty token ("") sends no Authorization header. Exit code 0 means every command succeeded.
// The whole run is bounded by CLIENT_TIMEOUT_MS (default 20000); the process always exits by itself.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

const USAGE = 'usage: sdk-client.mjs <mcpUrl> <bearerToken> (list | tools | info | call <tool> <jsonArgs>)...';

class UsageError extends Error {}

function writeLine(value) {
    process.stdout.write(JSON.stringify(value) + '\n');
}

let finished = false;

function finish(exitCode) {
    if (finished)
        return;
    finished = true;
    // stdout to a pipe or file is written synchronously on Linux, so nothing is lost by exiting here.
    process.exit(exitCode);
}

// The last HTTP response with an error status, so that a failure can report its status and WWW-Authenticate.
let lastHttpFailure;

function describeError(error) {
    const out = { message: error instanceof Error ? error.message : String(error) };
    if (error instanceof UsageError) {
        out.code = 'usage';
    } else if (error instanceof StreamableHTTPError) {
        // The SDK's code is the HTTP status (-1 for an unexpected content type).
        out.code = error.code;
        if (typeof error.code === 'number' && error.code >= 100)
            out.status = error.code;
    } else if (error instanceof McpError) {
        // A JSON-RPC error response (also RequestTimeout -32001 and ConnectionClosed -32000 from the SDK).
        out.code = error.code;
        if (error.data !== undefined)
            out.data = error.data;
    } else if (error instanceof UnauthorizedError) {
        out.code = 401;
        out.status = 401;
    } else if (error && typeof error === 'object') {
        // fetch() failures: TypeError('fetch failed') with the system error as its cause.
        const cause = error.cause;
        if (cause && typeof cause === 'object') {
            out.message += `: ${cause.message ?? cause}`;
            if (cause.code !== undefined)
                out.code = cause.code;
        }
        if (out.code === undefined && error.code !== undefined)
            out.code = error.code;
    }
    if (out.code === undefined)
        out.code = 'error';
    // The HTTP response behind an HTTP-level failure (a POST that answered 401, 403, 404, ...).
    if (typeof out.status === 'number' && lastHttpFailure?.status === out.status && lastHttpFailure.wwwAuthenticate)
        out.wwwAuthenticate = lastHttpFailure.wwwAuthenticate;
    return out;
}

function fail(error) {
    if (finished)
        return;
    writeLine({ error: describeError(error) });
    finish(2);
}

function parseCommands(args) {
    const commands = [];
    for (let i = 0; i < args.length; i++) {
        const name = args[i];
        if (name === 'list' || name === 'tools' || name === 'info') {
            commands.push({ name });
        } else if (name === 'call') {
            if (i + 2 >= args.length)
                throw new UsageError(`call needs a tool name and a JSON object of arguments. ${USAGE}`);
            const tool = args[i + 1];
            let toolArgs;
            try {
                toolArgs = JSON.parse(args[i + 2]);
            } catch (error) {
                throw new UsageError(`the arguments of call ${tool} are not JSON (${error.message}): ${args[i + 2]}`);
            }
            if (toolArgs === null || typeof toolArgs !== 'object' || Array.isArray(toolArgs))
                throw new UsageError(`the arguments of call ${tool} must be a JSON object: ${args[i + 2]}`);
            commands.push({ name, tool, args: toolArgs });
            i += 2;
        } else {
            throw new UsageError(`unknown command '${name}'. ${USAGE}`);
        }
    }
    if (commands.length === 0)
        throw new UsageError(`no command given. ${USAGE}`);
    return commands;
}

async function listAllTools(client) {
    const tools = [];
    let cursor;
    for (let page = 0; page < 1000; page++) {
        const result = await client.listTools(cursor === undefined ? {} : { cursor });
        tools.push(...result.tools);
        cursor = result.nextCursor;
        if (!cursor)
            return tools;
    }
    throw new Error('tools/list returned more than 1000 pages');
}

async function main() {
    const [url, token, ...rest] = process.argv.slice(2);
    const timeoutMs = Number.parseInt(process.env.CLIENT_TIMEOUT_MS ?? '20000', 10);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw new UsageError(`CLIENT_TIMEOUT_MS must be a positive number of milliseconds, not '${process.env.CLIENT_TIMEOUT_MS}'`);
    const timer = setTimeout(() => {
        const error = new Error(`timed out after ${timeoutMs} ms (CLIENT_TIMEOUT_MS)`);
        error.code = 'timeout';
        fail(error);
    }, timeoutMs);

    if (url === undefined || token === undefined)
        throw new UsageError(USAGE);
    let endpoint;
    try {
        endpoint = new URL(url);
    } catch {
        throw new UsageError(`not a URL: ${url}`);
    }
    const commands = parseCommands(rest);

    const recordingFetch = async (input, init) => {
        const response = await fetch(input, init);
        if (response.status >= 400 && (init?.method ?? 'GET').toUpperCase() === 'POST')
            lastHttpFailure = { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate') ?? undefined };
        return response;
    };
    const transport = new StreamableHTTPClientTransport(endpoint, {
        requestInit: token === '' ? {} : { headers: { Authorization: `Bearer ${token}` } },
        fetch: recordingFetch,
        // The standalone GET stream may drop when the session ends; do not keep reconnecting.
        reconnectionOptions: { initialReconnectionDelay: 500, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1, maxRetries: 0 },
    });
    const client = new Client({ name: 'functionsmcp-e2e-sdk-client', version: '1.0.0' }, { capabilities: {} });
    // Errors of the background GET stream are not the command's failure: the command's own promise reports those.
    client.onerror = () => {};

    let failure;
    try {
        await client.connect(transport, { timeout: timeoutMs });
        for (const command of commands) {
            lastHttpFailure = undefined;
            if (command.name === 'list') {
                writeLine({ tools: (await listAllTools(client)).map(tool => tool.name) });
            } else if (command.name === 'tools') {
                writeLine({ tools: await listAllTools(client) });
            } else if (command.name === 'info') {
                writeLine({
                    serverInfo: client.getServerVersion() ?? null,
                    capabilities: client.getServerCapabilities() ?? null,
                    protocolVersion: transport.protocolVersion ?? null,
                    instructions: client.getInstructions() ?? null,
                });
            } else {
                writeLine(await client.callTool({ name: command.tool, arguments: command.args }, undefined, { timeout: timeoutMs }));
            }
        }
    } catch (error) {
        failure = describeError(error);
    }
    // End the session politely (DELETE; a 405 is fine), then close the transport. Both are best effort and
    // still bounded by the overall timeout.
    if (transport.sessionId !== undefined)
        await transport.terminateSession().catch(() => {});
    await client.close().catch(() => {});
    clearTimeout(timer);
    if (failure !== undefined) {
        writeLine({ error: failure });
        finish(2);
    }
}

main().then(() => finish(0), fail);
