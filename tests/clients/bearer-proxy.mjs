#!/usr/bin/env node
// Loopback reverse proxy that adds a bearer token, for clients that cannot send one (the MCP conformance
// suite's `server` command). Dependency-free.
//
//   UPSTREAM=http://127.0.0.1:5000 TOKEN=secret PORT=0 node tests/clients/bearer-proxy.mjs
//
// Env:
//   UPSTREAM            base URL of the server (http or https); a path in it is put before every request's path
//   TOKEN               the bearer token; "Authorization: Bearer <TOKEN>" is added to every request that has no
//                       Authorization header (an existing one is forwarded unchanged); empty adds nothing
//   PORT                port to listen on, on 127.0.0.1 only; 0 (default) picks a free one
//   PROXY_MAX_SECONDS   exit after this many seconds whatever happens (default 600; 0 = no limit)
//   PROXY_WATCH_STDIN   1 (default): exit when stdin closes (the parent died or closed it); 0: ignore stdin
//   PROXY_LOG           1: one line per request on stderr; default 0 (nothing on stderr unless it fails)
//
// Prints exactly one line "LISTENING <port>" on stdout once it accepts connections, and nothing else on stdout.
// Forwards the method, path, query and every header unchanged (Host and Origin included), except the
// hop-by-hop headers of the connection itself (Connection, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade),
// and the body. The response's status, headers and body come back unchanged and streamed chunk by chunk (SSE
// included); when the client goes away the upstream request is aborted. An unreachable upstream answers 502.
// Exits on SIGTERM, SIGINT, stdin closing or PROXY_MAX_SECONDS.
import http from 'node:http';
import https from 'node:https';

function die(message) {
    process.stderr.write(`bearer-proxy: ${message}\n`);
    process.exit(1);
}

function intEnv(name, fallback) {
    const raw = process.env[name];
    if (raw === undefined || raw === '')
        return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
        die(`${name} must be a non-negative integer, not '${raw}'`);
    return value;
}

if (!process.env.UPSTREAM)
    die('UPSTREAM is not set (e.g. UPSTREAM=http://127.0.0.1:5000)');
let upstream;
try {
    upstream = new URL(process.env.UPSTREAM);
} catch {
    die(`UPSTREAM is not a URL: ${process.env.UPSTREAM}`);
}
if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:')
    die(`UPSTREAM must be http or https: ${process.env.UPSTREAM}`);
if (process.env.TOKEN === undefined)
    die('TOKEN is not set (set it to the bearer token, or to an empty string to add none)');
const token = process.env.TOKEN;
const port = intEnv('PORT', 0);
const maxSeconds = intEnv('PROXY_MAX_SECONDS', 600);
const watchStdin = process.env.PROXY_WATCH_STDIN !== '0';
const log = process.env.PROXY_LOG === '1';

const upstreamPrefix = upstream.pathname.replace(/\/+$/, '');
const transport = upstream.protocol === 'https:' ? https : http;
const agent = new transport.Agent({ keepAlive: true });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);

/** rawHeaders ([name, value, name, value, ...]) without the hop-by-hop ones. */
function forwardable(rawHeaders) {
    const out = [];
    for (let i = 0; i < rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(rawHeaders[i].toLowerCase()))
            out.push(rawHeaders[i], rawHeaders[i + 1]);
    }
    return out;
}

function hasHeader(rawHeaders, name) {
    for (let i = 0; i < rawHeaders.length; i += 2) {
        if (rawHeaders[i].toLowerCase() === name)
            return true;
    }
    return false;
}

const server = http.createServer((req, res) => {
    const started = Date.now();
    const headers = forwardable(req.rawHeaders);
    if (!hasHeader(headers, 'host'))
        headers.push('Host', upstream.host);
    if (token !== '' && !hasHeader(headers, 'authorization'))
        headers.push('Authorization', `Bearer ${token}`);

    const upstreamReq = transport.request({
        protocol: upstream.protocol,
        hostname: upstream.hostname.replace(/^\[|\]$/g, ''),
        port: upstream.port || (upstream.protocol === 'https:' ? 443 : 80),
        method: req.method,
        path: upstreamPrefix + req.url,
        headers,
        agent,
        servername: upstream.hostname,
    });

    upstreamReq.on('response', upstreamRes => {
        if (log)
            process.stderr.write(`bearer-proxy: ${req.method} ${req.url} -> ${upstreamRes.statusCode} (${Date.now() - started} ms to headers)\n`);
        res.sendDate = false; // the upstream's Date header, if any, is forwarded
        res.writeHead(upstreamRes.statusCode, upstreamRes.statusMessage, forwardable(upstreamRes.rawHeaders));
        // Send the headers now: an SSE stream may not have a first event for a while. Each chunk then goes out
        // as soon as it arrives (Node's ServerResponse does not buffer), with backpressure from pipe().
        res.flushHeaders();
        upstreamRes.pipe(res);
        upstreamRes.on('error', () => res.destroy());
        upstreamRes.on('aborted', () => res.destroy());
    });

    upstreamReq.on('error', error => {
        if (log)
            process.stderr.write(`bearer-proxy: ${req.method} ${req.url} -> upstream error ${error.code ?? error.message}\n`);
        if (!res.headersSent) {
            const body = JSON.stringify({ error: 'bad_gateway', message: `bearer-proxy: upstream ${upstream.origin} failed: ${error.code ?? error.message}` });
            res.writeHead(502, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
            res.end(body);
        } else {
            res.destroy();
        }
    });

    // The client went away before the response was complete (e.g. it closed an SSE stream): abort upstream.
    res.on('close', () => {
        if (!res.writableFinished)
            upstreamReq.destroy();
    });
    req.on('error', () => upstreamReq.destroy());
    req.pipe(upstreamReq);
});

// Long-lived SSE streams: no idle or request timeouts on the client side of the proxy.
server.requestTimeout = 0;
server.headersTimeout = 60_000;
server.keepAliveTimeout = 5_000;
server.timeout = 0;

let stopping = false;
function stop(reason, code = 0) {
    if (stopping)
        return;
    stopping = true;
    if (log || code !== 0)
        process.stderr.write(`bearer-proxy: stopping (${reason})\n`);
    server.close();
    server.closeAllConnections();
    agent.destroy();
    process.exit(code);
}

server.on('error', error => {
    process.stderr.write(`bearer-proxy: cannot listen on 127.0.0.1:${port}: ${error.message}\n`);
    process.exit(1);
});

server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
});

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
if (maxSeconds > 0)
    setTimeout(() => stop(`PROXY_MAX_SECONDS=${maxSeconds} reached`), maxSeconds * 1000);
if (watchStdin) {
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('close', () => stop('stdin closed'));
    process.stdin.on('error', () => stop('stdin error'));
    process.stdin.resume();
}
