using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionsMcp.OAuth.Telemetry;

/// <summary>
/// The app's own metrics, on the <see cref="MeterName"/> meter. Every tag says what happened (a tool we serve, an
/// outcome, a status code, a grant type), never who or with what: no user, organization, client or key id, no token,
/// name or record content, so each instrument has a handful of series. Nothing listens unless telemetry is on
/// (<c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>), and then recording costs an increment.
/// </summary>
public sealed class FunctionsMcpMetrics
{
    public const string MeterName = "FunctionsMcp";

    private readonly Counter<long> _toolCalls;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _auditWriteFailures;

    public FunctionsMcpMetrics(IMeterFactory meters)
    {
        Meter meter = meters.Create(MeterName);
        _toolCalls = meter.CreateCounter<long>("fmcp.mcp.tool_calls", "{call}", "MCP tools/call messages, by tool and outcome.");
        _refusals = meter.CreateCounter<long>("fmcp.auth.refusals", "{response}", "Requests refused 401, 403 or 429, by status, reason and endpoint.");
        _tokens = meter.CreateCounter<long>("fmcp.oauth.tokens", "{token}", "Access tokens issued at /token, by grant type.");
        _auditWriteFailures = meter.CreateCounter<long>("fmcp.audit.write_failures", "{entry}", "Audit entries that were not written, by reason.");
    }

    /// <summary>A <c>tools/call</c> finished. <paramref name="tool"/> must be one of our tool names (or <see cref="Tags.UnknownTool"/>), never the client's text.</summary>
    public void ToolCalled(string tool, string outcome) =>
        _toolCalls.Add(1, new(Tags.Tool, tool), new(Tags.Outcome, outcome));

    /// <summary>A request (or one message of a batch) was refused with <paramref name="status"/> for <paramref name="reason"/> (a <see cref="Refusals"/> value).</summary>
    public void Refused(int status, string reason, string endpoint) =>
        _refusals.Add(1, new(Tags.Status, status), new(Tags.Reason, reason), new(Tags.Endpoint, endpoint));

    /// <summary>An access token (and its refresh token) was issued for <paramref name="grantType"/>.</summary>
    public void TokenIssued(string grantType) =>
        _tokens.Add(1, new KeyValuePair<string, object?>(Tags.GrantType, grantType));

    /// <summary><paramref name="count"/> audit entries were not written (a <see cref="AuditFailures"/> value says why).</summary>
    public void AuditEntriesLost(long count, string reason) =>
        _auditWriteFailures.Add(count, new KeyValuePair<string, object?>(Tags.Reason, reason));

    /// <summary>The tag names.</summary>
    public static class Tags
    {
        public const string Tool = "tool";
        public const string Outcome = "outcome";
        public const string Status = "status";
        public const string Reason = "reason";
        public const string Endpoint = "endpoint";
        public const string GrantType = "grant_type";

        /// <summary>The tool tag of a call naming a tool we do not serve: the name is the client's text, so it is not recorded.</summary>
        public const string UnknownTool = "unknown";
    }

    /// <summary>Where a request was refused (the <c>endpoint</c> of <c>fmcp.auth.refusals</c>).</summary>
    public static class Endpoints
    {
        public const string Mcp = "mcp";
        public const string Token = "token";
        public const string Revoke = "revoke";
    }

    /// <summary>Why a request was refused (the <c>reason</c> of <c>fmcp.auth.refusals</c>).</summary>
    public static class Refusals
    {
        /// <summary>401 at /mcp: no credential, or one that is not valid (unknown, expired, revoked, disabled user).</summary>
        public const string Credential = "credential";

        /// <summary>403 at /mcp: a browser Origin that may not call it.</summary>
        public const string Origin = "origin";

        /// <summary>403 at /mcp: the tool needs a scope the credential lacks.</summary>
        public const string InsufficientScope = "insufficient_scope";

        /// <summary>429 at /mcp: a per-credential or per-organization limit.</summary>
        public const string RateLimit = "rate_limit";

        /// <summary>401 at /token or /revoke: the client could not be authenticated.</summary>
        public const string InvalidClient = "invalid_client";
    }

    /// <summary>Why audit entries were lost (the <c>reason</c> of <c>fmcp.audit.write_failures</c>).</summary>
    public static class AuditFailures
    {
        /// <summary>Writing the entry threw.</summary>
        public const string Failed = "failed";

        /// <summary>The store answered that it could not write the entry.</summary>
        public const string Rejected = "rejected";

        /// <summary>The queue was full, so the entry was never handed to the store.</summary>
        public const string Dropped = "dropped";
    }
}

/// <summary>Registers <see cref="FunctionsMcpMetrics"/> (and the meter factory it needs, where no host added one).</summary>
public static class FunctionsMcpMetricsExtensions
{
    public static IServiceCollection AddFunctionsMcpMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<FunctionsMcpMetrics>();
        return services;
    }
}
