using System.Diagnostics;
using FunctionsMcp.Mcp.Auth;
using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Http;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>
/// <c>POST /mcp</c>: Streamable HTTP in stateless mode over the SDK's <see cref="StreamableHttpServerTransport"/>,
/// for both the initialize era (2025-03-26 to 2025-11-25) and the per-request era (2026-07-28). In order:
/// Origin (403), credential (401), rate limits (429), Accept (406), body size (413), JSON-RPC shape (400),
/// protocol headers (400/404), tool scope (403), then a fresh <see cref="McpServer"/> answers the one message.
/// </summary>
internal sealed partial class McpEndpoint(
    BearerAuthentication authentication,
    OriginPolicy origins,
    ToolCatalog tools,
    McpServerFactory servers,
    ToolListCache toolLists,
    IEnumerable<IMcpRequestGate> gates,
    McpRequestRecorder recorder,
    IOptions<ServerOptions> server,
    IOptions<McpEndpointOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<McpEndpoint> logger)
{
    public async Task HandlePostAsync(HttpContext context)
    {
        var record = new McpRequestRecord(Stopwatch.GetTimestamp());
        try
        {
            await HandleAsync(context, record);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            record.Outcome = "cancelled";
        }
        catch (Exception ex)
        {
            LogUnexpected(logger, ex, record.Method);
            record.Outcome = "error";
            if (!context.Response.HasStarted)
                await JsonRpcHttp.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, JsonRpcCodes.InternalError, "The server failed to handle this request; it has been logged.");
        }
        finally
        {
            record.Status = context.Response.StatusCode;
            if (!record.RecordedPerItem)
                recorder.Complete(record);
        }
    }

    private async Task HandleAsync(HttpContext context, McpRequestRecord record)
    {
        HttpRequest request = context.Request;
        if (!origins.IsAllowed(request))
        {
            await Reject(context, record, new McpRejection(StatusCodes.Status403Forbidden, JsonRpcCodes.ServerError, "Forbidden: this Origin may not call the MCP endpoint.")
            {
                Refusal = FunctionsMcpMetrics.Refusals.Origin,
            });
            return;
        }

        (McpPrincipal? principal, string? failure) = await AuthenticateAsync(context);
        if (principal is null)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.Headers.WWWAuthenticate = BearerChallenge.Unauthorized(server.Value, failure);
                await Reject(context, record, new McpRejection(StatusCodes.Status401Unauthorized, JsonRpcCodes.ServerError,
                    failure ?? "Unauthorized: send 'Authorization: Bearer <token>' with an access key or an OAuth access token.")
                {
                    Refusal = FunctionsMcpMetrics.Refusals.Credential,
                });
            }

            return;
        }

        record.Principal = principal;
        context.RequestServices.GetRequiredService<McpCallContext>().Principal = principal;
        if (await MeterAsync(context, principal) is { } limited)
        {
            await Reject(context, record, limited);
            return;
        }

        if (McpRequestRules.CheckAccept(request) is { } notAcceptable)
        {
            await Reject(context, record, notAcceptable);
            return;
        }

        byte[]? body = await CappedBody.ReadAsync(request.Body, request.ContentLength, options.Value.MaxRequestBytes, context.RequestAborted);
        if (body is null)
        {
            await Reject(context, record, new McpRejection(StatusCodes.Status413PayloadTooLarge, JsonRpcCodes.InvalidRequest,
                $"Payload Too Large: requests may be at most {options.Value.MaxRequestBytes} bytes."));
            return;
        }

        if (McpBatch.IsBatch(body))
        {
            await HandleBatchAsync(context, record, body, principal);
            return;
        }

        (McpPost? post, McpRejection? malformed) = McpRequestRules.Parse(body, request);
        if (post is null)
        {
            await Reject(context, record, malformed!);
            return;
        }

        record.Method = post.Method;
        record.Tool = post.ToolName;
        if (McpRequestRules.Check(post, request) is { } refused)
        {
            await Reject(context, record, refused, post.Id);
            return;
        }

        if (MissingScopes(post, principal) is { } scopes)
        {
            context.Response.Headers.WWWAuthenticate = BearerChallenge.InsufficientScope(server.Value, principal, scopes);
            await Reject(context, record, InsufficientScope(post, scopes), post.Id);
            return;
        }

        record.Outcome = await ServeAsync(context, post, principal);
    }

    /// <summary>Counts one request against every gate (rate limits); the first refusal wins.</summary>
    private async Task<McpRejection?> MeterAsync(HttpContext context, McpPrincipal principal)
    {
        foreach (IMcpRequestGate gate in gates)
        {
            if (await gate.CheckAsync(context, principal, context.RequestAborted) is { } limited)
                return limited;
        }

        return null;
    }

    private async Task<(McpPrincipal?, string?)> AuthenticateAsync(HttpContext context)
    {
        try
        {
            return await authentication.AuthenticateAsync(context.Request, context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCredentialCheckFailed(logger, ex);
            context.Response.Headers.RetryAfter = "5";
            await JsonRpcHttp.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, JsonRpcCodes.ServerError,
                "Service Unavailable: the credential could not be checked because storage did not answer; retry in a few seconds.");
            return (null, null);
        }
    }

    private static Task Reject(HttpContext context, McpRequestRecord record, McpRejection rejection, RequestId id = default)
    {
        (record.Outcome, record.Refusal) = ("rejected", rejection.Refusal);
        return JsonRpcHttp.WriteErrorAsync(context, rejection, id);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure handling an MCP {Method} request.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string? method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check a credential; answered 503.")]
    private static partial void LogCredentialCheckFailed(ILogger logger, Exception exception);
}
