using System.Globalization;
using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Protection;
using FunctionsMcp.OAuth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Mcp.Protection;

/// <summary>
/// Per-credential and per-organization limits. Every answer carries <c>RateLimit-Policy</c> and <c>RateLimit</c>
/// (draft-ietf-httpapi-ratelimit-headers); a refusal is 429 with <c>Retry-After</c> and a JSON-RPC error a client
/// can show. If the counter cannot be reached the request is let through and a warning logged: the credential
/// check before it already proved storage answers, so this is rare, and refusing everyone would be worse.
/// </summary>
internal sealed partial class RateLimitGate(RateLimiter limiter, ILogger<RateLimitGate> logger) : IMcpRequestGate
{
    public async Task<McpRejection?> CheckAsync(HttpContext context, McpPrincipal principal, CancellationToken cancellationToken)
    {
        if (!limiter.Enabled)
            return null;

        RateLimitResult result;
        try
        {
            result = await limiter.CheckAsync(principal, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCounterUnavailable(logger, ex, principal.OrganizationId);
            return null;
        }

        int reset = (int)Math.Ceiling(result.ResetAfter.TotalSeconds);
        IHeaderDictionary headers = context.Response.Headers;
        headers["RateLimit-Policy"] = $"\"credential\";q={result.CredentialLimit};w=60, \"organization\";q={result.OrganizationLimit};w=60";
        headers["RateLimit"] = $"\"credential\";r={result.CredentialRemaining};t={reset}, \"organization\";r={result.OrganizationRemaining};t={reset}";
        if (result.Admitted)
            return null;

        headers.RetryAfter = reset.ToString(CultureInfo.InvariantCulture);
        string who = result.RefusedBy == RateLimitScope.Organization
            ? $"your organization may make {result.OrganizationLimit} requests a minute in all"
            : $"this connection may make {result.CredentialLimit} requests a minute";
        return new McpRejection(StatusCodes.Status429TooManyRequests, JsonRpcCodes.ServerError,
            $"Too Many Requests: {who}; retry in {reset} seconds.",
            new JsonObject { ["retryAfterSeconds"] = reset, ["limit"] = result.RefusedBy })
        {
            Refusal = FunctionsMcpMetrics.Refusals.RateLimit,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate-limit counter unavailable for organization {OrganizationId}; request let through.")]
    private static partial void LogCounterUnavailable(ILogger logger, Exception exception, string organizationId);
}
