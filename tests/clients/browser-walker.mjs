#!/usr/bin/env node
// A scripted browser for the OAuth sign-in and consent pages: what a person does in a browser, done by a script so
// that real MCP clients can be tested end to end without one.
//
//   browser-walker.mjs <url>          as $BROWSER: starts the walk in a detached process and returns at once
//   browser-walker.mjs --wait <url>   walks in the foreground; exit 0 when the client's callback answered, 2 if not
//   import { walk } from './browser-walker.mjs'
//
// From <url> (an /authorize URL) it GETs with a cookie jar, follows redirects within that origin by hand, and on
// an HTML page submits the page's first form as a browser would: hidden inputs, checked checkboxes and radios, and
// the submit button name=decision value=allow when there is one (otherwise the first named submit button). It
// stops at the first redirect that leaves the origin (the client's redirect URI) and GETs it, retrying while the
// connection is refused (mcp-remote opens the browser before its callback listener is up).
//
// Environment:
//   BROWSER_WALKER_FIELDS       form overrides in query-string form, e.g. "user=coastal/coastal-coordinator" or
//                               "scope=participants:read&scope=goals:read&decision=deny"; a name given replaces
//                               every value of that name in each form that has a field or button of that name
//   BROWSER_WALKER_LOG          a file to append the log to (default: stderr); one JSON line per step, with
//                               secrets (csrf, code) left out
//   BROWSER_WALKER_TIMEOUT_MS   bounds the whole walk (default 60000); the process always exits by itself
import { spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MAX_STEPS = 20;
const CALLBACK_RETRY_MS = 250;

/** A page the walk cannot go on from: its HTTP status and the page's text, shortened. */
export class WalkError extends Error {}

/**
 * Walks from startUrl to the first redirect that leaves its origin.
 * options: fields (URLSearchParams of overrides), log (called with one object per step), fetchCallback (GET the
 * final URL too, default true), signal (aborts the walk).
 * Returns { redirect: URL, callbackStatus?: number }.
 */
export async function walk(startUrl, { fields = new URLSearchParams(), log = () => {}, fetchCallback = true, signal } = {}) {
    const origin = new URL(startUrl).origin;
    const jar = new Map();
    let next = { url: new URL(startUrl), method: 'GET' };
    for (let step = 0; step < MAX_STEPS; step++) {
        const response = await fetch(next.url, {
            method: next.method,
            body: next.body,
            headers: { ...(next.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...cookieHeader(jar) },
            redirect: 'manual',
            signal,
        });
        keepCookies(jar, response);
        log({ step: next.method === 'GET' ? 'get' : 'post', url: pathOf(next.url), status: response.status });

        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
            await response.body?.cancel();
            const target = new URL(location, next.url);
            if (target.origin !== origin) {
                log({ step: 'leave', to: target.origin + target.pathname, params: describeParams(target.searchParams) });
                if (!fetchCallback)
                    return { redirect: target };
                const callbackStatus = await getCallback(target, log, signal);
                return { redirect: target, callbackStatus };
            }
            next = { url: target, method: 'GET' };
            continue;
        }

        const html = await response.text();
        const form = response.ok ? firstForm(html) : undefined;
        if (!form)
            throw new WalkError(`${response.status} at ${pathOf(next.url)} with no form to submit: ${pageText(html)}`);
        if (form.method !== 'post')
            throw new WalkError(`the form at ${pathOf(next.url)} is not method="post"`);
        for (const name of new Set(fields.keys())) {
            if (!form.names.has(name))
                continue;
            form.fields.delete(name);
            for (const value of fields.getAll(name))
                form.fields.append(name, value);
        }
        const action = new URL(form.action || next.url.href, next.url);
        if (action.origin !== origin)
            throw new WalkError(`the form at ${pathOf(next.url)} posts to another origin (${action.origin})`);
        log({ step: 'form', page: pathOf(next.url, false), action: action.pathname, fields: describeFields(form.fields) });
        next = { url: action, method: 'POST', body: form.fields.toString() };
    }
    throw new WalkError(`no redirect left ${origin} within ${MAX_STEPS} requests`);
}

/** GETs the client's callback, retrying while nothing listens there yet; returns its status. */
async function getCallback(url, log, signal) {
    for (let attempt = 1; ; attempt++) {
        try {
            const response = await fetch(url, { redirect: 'manual', signal });
            await response.body?.cancel();
            log({ step: 'callback', status: response.status, attempts: attempt });
            return response.status;
        } catch (error) {
            if (error?.cause?.code !== 'ECONNREFUSED' || signal?.aborted)
                throw error;
            await new Promise(resolve => setTimeout(resolve, CALLBACK_RETRY_MS));
        }
    }
}

/** The first <form> of the page: its method, action, and the fields a browser would post from it. */
function firstForm(html) {
    const match = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
    if (!match)
        return undefined;
    const body = match[2];
    const fields = new URLSearchParams();
    const names = new Set();
    for (const [tag] of body.matchAll(/<input\b[^>]*>/gi)) {
        const type = (attribute(tag, 'type') ?? 'text').toLowerCase();
        const name = attribute(tag, 'name');
        if (name === undefined || ['submit', 'button', 'image', 'reset', 'file'].includes(type))
            continue;
        names.add(name);
        if ((type === 'checkbox' || type === 'radio') && !hasFlag(tag, 'checked'))
            continue;
        fields.append(name, attribute(tag, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''));
    }
    // The button a person would press: Allow when the page has one, otherwise the first named submit button.
    const buttons = [...body.matchAll(/<button\b[^>]*>/gi)].map(([tag]) => tag)
        .filter(tag => (attribute(tag, 'type') ?? 'submit').toLowerCase() === 'submit' && attribute(tag, 'name') !== undefined);
    buttons.forEach(tag => names.add(attribute(tag, 'name')));
    const pressed = buttons.find(tag => attribute(tag, 'name') === 'decision' && attribute(tag, 'value') === 'allow') ?? buttons[0];
    if (pressed)
        fields.append(attribute(pressed, 'name'), attribute(pressed, 'value') ?? '');
    return { method: (attribute(`<form${match[1]}>`, 'method') ?? 'get').toLowerCase(), action: attribute(`<form${match[1]}>`, 'action'), fields, names };
}

function attribute(tag, name) {
    const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
    return match ? decodeEntities(match[1] ?? match[2] ?? match[3]) : undefined;
}

function hasFlag(tag, name) {
    return new RegExp(`\\s${name}(?=[\\s>=/])`, 'i').test(tag);
}

function decodeEntities(value) {
    return value.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, entity) => {
        const lower = entity.toLowerCase();
        if (lower.startsWith('#x'))
            return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
        if (lower.startsWith('#'))
            return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
        return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower];
    });
}

function pageText(html) {
    const text = decodeEntities(html.replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
    return text.length > 300 ? text.slice(0, 300) + '…' : text;
}

function keepCookies(jar, response) {
    for (const header of response.headers.getSetCookie()) {
        const [pair, ...attributes] = header.split(';');
        const separator = pair.indexOf('=');
        if (separator <= 0)
            continue;
        const name = pair.slice(0, separator).trim();
        const expired = attributes.some(a => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
        if (expired)
            jar.delete(name);
        else
            jar.set(name, pair.slice(separator + 1).trim());
    }
}

function cookieHeader(jar) {
    return jar.size === 0 ? {} : { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') };
}

// The log never carries a secret: request ids, CSRF tokens and codes are shown only as present.
const SECRET_NAMES = new Set(['code', 'csrf', 'request', 'code_challenge']);

function describeParams(params) {
    const out = {};
    for (const [name, value] of params)
        out[name] = SECRET_NAMES.has(name) ? '(present)' : value;
    return out;
}

function describeFields(fields) {
    const out = {};
    for (const name of new Set(fields.keys())) {
        const values = fields.getAll(name).map(v => (SECRET_NAMES.has(name) ? '(present)' : v));
        out[name] = values.length === 1 ? values[0] : values;
    }
    return out;
}

function pathOf(url, withQuery = true) {
    return withQuery ? url.pathname + (url.search ? '?' + describeQuery(url.searchParams) : '') : url.pathname;
}

function describeQuery(params) {
    return [...params].map(([name, value]) => `${name}=${SECRET_NAMES.has(name) ? '…' : encodeURIComponent(value)}`).join('&');
}

async function main(args) {
    const wait = args[0] === '--wait';
    const url = wait ? args[1] : args[0];
    if (!url || !/^https?:\/\//.test(url)) {
        process.stderr.write('usage: browser-walker.mjs [--wait] <http(s) url>\n');
        return 2;
    }
    if (!wait) {
        // As $BROWSER: the caller (xdg-open, the Inspector, mcp-remote) waits for this process, and mcp-remote
        // starts its callback listener only after the browser opened. Walk in a detached child and return now.
        const log = process.env.BROWSER_WALKER_LOG;
        const output = log ? openSync(log, 'a') : 'ignore';
        spawn(process.execPath, [fileURLToPath(import.meta.url), '--wait', url], { detached: true, stdio: ['ignore', output, output] }).unref();
        return 0;
    }

    const write = line => {
        const text = JSON.stringify(line) + '\n';
        if (process.env.BROWSER_WALKER_LOG)
            appendFileSync(process.env.BROWSER_WALKER_LOG, text);
        else
            process.stderr.write(text);
    };
    const timeoutMs = Number.parseInt(process.env.BROWSER_WALKER_TIMEOUT_MS ?? '60000', 10);
    try {
        const { callbackStatus } = await walk(url, {
            fields: new URLSearchParams(process.env.BROWSER_WALKER_FIELDS ?? ''),
            log: write,
            signal: AbortSignal.timeout(timeoutMs > 0 ? timeoutMs : 60000),
        });
        write({ step: 'done', callbackStatus });
        return callbackStatus >= 200 && callbackStatus < 400 ? 0 : 2;
    } catch (error) {
        write({ step: 'error', message: error instanceof Error ? `${error.message}${error.cause ? `: ${error.cause.message ?? error.cause}` : ''}` : String(error) });
        return 2;
    }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
    main(process.argv.slice(2)).then(code => process.exit(code));
