using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunctionsMcp.OAuth.Protection;
using FunctionsMcp.OAuth.Tokens;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>What one JSON-RPC call over <c>/mcp</c> gave: its result, or what was wrong and the fix; and how long it took.</summary>
internal sealed record McpCall(JsonObject? Result, Finding? Problem, long Ms);

/// <summary>
/// Sends one JSON-RPC message to <c>/mcp</c> with the credential and reads the answer the way a client must: the
/// HTTP status first (401 credential, 403 scope, 429 rate limit, 404 method or URL), then the JSON-RPC reply, from
/// JSON or SSE. Every answer becomes a result or a <see cref="Finding"/>; nothing a server sends throws.
/// </summary>
internal static partial class McpCalls
{
    private const string KeyRefused =
        "Create a new key ('keys create', or Settings → AI & MCP) and run doctor with it; 'keys list' shows whether this one is revoked or expired.";

    private const string TokenRefused =
        "Get a new access token by signing in again from the client: tokens expire (" + OAuthOptions.Section + "__" + nameof(OAuthOptions.AccessTokenLifetime) +
        ", an hour by default), and a revoked connection needs a new sign-in.";

    /// <summary>A request (<paramref name="id"/> given) or a notification; <paramref name="perRequest"/> writes it the 2026-07-28 way.</summary>
    public static async Task<McpCall> SendAsync(
        DoctorSession session, string method, JsonObject? parameters, int? id, string? version, bool perRequest, string? name = null)
    {
        string body = McpWire.Body(method, perRequest ? McpWire.WithMeta(parameters) : parameters, id);
        (HttpAnswer? answer, Finding? failure) = await session.Probe.SendAsync(
            HttpMethod.Post, session.McpUrl, McpWire.Content(body), McpWire.Headers(session.Credential!.Bearer, version, perRequest, method, name), session.CancellationToken);
        if (answer is null)
            return new McpCall(null, failure, 0);
        if (id is null)
        {
            return answer.Status == 202
                ? new McpCall([], null, answer.Ms)
                : new McpCall(null, Refusal(session, answer, null, method) ?? new Finding($"{method} answered {answer.Described}, not 202", AnswerProblems.NotOurServer), answer.Ms);
        }

        JsonObject? reply = answer.IsJson || answer.MediaType == "text/event-stream" ? McpWire.Reply(answer, id.Value) : null;
        if (Refusal(session, answer, reply, method) is { } refused)
            return new McpCall(null, refused, answer.Ms);
        if (reply is null)
            return new McpCall(null, new Finding($"{method} answered {answer.Described} with no JSON-RPC reply to request {id}", AnswerProblems.NotOurServer), answer.Ms);
        if (reply["error"] is JsonObject error)
            return new McpCall(null, new Finding($"{method} answered error {error["code"]}: {Message(reply)}", "The server refused the call: its message says why."), answer.Ms);
        return reply["result"] is JsonObject result
            ? new McpCall(result, null, answer.Ms)
            : new McpCall(null, new Finding($"{method} answered a reply without a result", AnswerProblems.NotOurServer), answer.Ms);
    }

    /// <summary>What a non-200 status says, or null for 200 (and 202).</summary>
    private static Finding? Refusal(DoctorSession session, HttpAnswer answer, JsonObject? reply, string method)
    {
        if (AnswerProblems.Redirect(session.Probe, answer) is { } redirected)
            return redirected;

        if (answer.IsHtml)
            return new Finding($"{method} answered {answer.Described}", AnswerProblems.NotOurServer);

        string said = Description(answer) ?? Message(reply) ?? answer.Described;
        return answer.Status switch
        {
            200 or 202 => null,
            401 => new Finding($"{method} answered 401: {said}", session.Credential!.IsAccessKey ? KeyRefused : TokenRefused),
            403 when answer.WwwAuthenticate?.Contains("insufficient_scope", StringComparison.Ordinal) == true => new Finding(
                $"{method} answered 403 insufficient_scope: {said}",
                "Use a credential with that scope: a key made with it, or sign in again and tick it (whoami lists a credential's scopes)."),
            429 => new Finding($"{method} answered 429: {said}",
                $"Wait a minute and run again, or raise {RateLimitOptions.Section}__{nameof(RateLimitOptions.RequestsPerMinutePerCredential)}."),
            404 when method == McpWire.Discover => new Finding($"{method} answered 404: the server does not speak {McpWire.PerRequestVersion}",
                $"Update the app: clients pinned to {McpWire.PerRequestVersion} (the MCP SDKs' newest revision) cannot connect to it."),
            >= 500 => new Finding($"{method} answered {answer.Described}: {said}", AnswerProblems.AppFailed),
            _ => new Finding($"{method} answered {answer.Status}: {said}", "The server refused the request as a client writes it: its message says why."),
        };
    }

    /// <summary>The <c>error_description</c> of a Bearer challenge.</summary>
    private static string? Description(HttpAnswer answer) =>
        answer.WwwAuthenticate is { } header && DescriptionPattern().Match(header) is { Success: true } match ? match.Groups[1].Value : null;

    private static string? Message(JsonObject? reply) =>
        reply?["error"] is JsonObject error && HttpAnswer.Text(error, "message") is { } message ? message : null;

    [GeneratedRegex("error_description=\"([^\"]*)\"", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DescriptionPattern();
}
