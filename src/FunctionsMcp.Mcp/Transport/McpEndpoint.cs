using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Auth;
using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Identity;
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
            recorder.Complete(record);
        }
    }

    private async Task HandleAsync(HttpContext context, McpRequestRecord record)
    {
        HttpRequest request = context.Request;
        if (!origins.IsAllowed(request))
        {
            await Reject(context, record, new McpRejection(StatusCodes.Status403Forbidden, JsonRpcCodes.ServerError, "Forbidden: this Origin may not call the MCP endpoint."));
            return;
        }

        (McpPrincipal? principal, string? failure) = await AuthenticateAsync(context);
        if (principal is null)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.Headers.WWWAuthenticate = BearerChallenge.Unauthorized(server.Value, failure);
                await Reject(context, record, new McpRejection(StatusCodes.Status401Unauthorized, JsonRpcCodes.ServerError,
                    failure ?? "Unauthorized: send 'Authorization: Bearer <token>' with an access key or an OAuth access token."));
            }

            return;
        }

        record.Principal = principal;
        context.RequestServices.GetRequiredService<McpCallContext>().Principal = principal;
        foreach (IMcpRequestGate gate in gates)
        {
            if (await gate.CheckAsync(context, principal, context.RequestAborted) is { } limited)
            {
                await Reject(context, record, limited);
                return;
            }
        }

        if (McpRequestRules.CheckAccept(request) is { } notAcceptable)
        {
            await Reject(context, record, notAcceptable);
            return;
        }

        byte[]? body = await RequestBody.ReadAsync(request, options.Value.MaxRequestBytes, context.RequestAborted);
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
        if (McpRequestRules.CheckHeaders(post, request) is { } badHeaders)
        {
            await Reject(context, record, badHeaders, post.Id);
            return;
        }

        if (MissingScopes(post, principal) is { } tool)
        {
            context.Response.Headers.WWWAuthenticate = BearerChallenge.InsufficientScope(server.Value, principal, tool.RequiredScopes);
            await Reject(context, record, new McpRejection(StatusCodes.Status403Forbidden, JsonRpcCodes.ServerError, InsufficientScopeMessage(tool)), post.Id);
            return;
        }

        record.Outcome = await ServeAsync(context, post, principal);
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

    private async Task<string> ServeAsync(HttpContext context, McpPost post, McpPrincipal principal)
    {
        // A subscriptions/listen answer is a stream by nature (acknowledgement first), whatever the setting.
        if (options.Value.StreamResponses || post.Method == "subscriptions/listen")
            return await WithServerAsync(post, principal, context.RequestServices, transport => WriteStreamAsync(context, transport, post));

        JsonRpcMessage? reply = await AnswerAsync(post, principal, context);
        if (reply is null)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return "accepted";
        }

        context.Response.StatusCode = reply is JsonRpcError error && post.IsModern ? JsonRpcHttp.ModernStatusFor(error.Error.Code) : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, reply, JsonRpcHttp.MessageType, context.RequestAborted);
        return Outcome(reply);
    }

    /// <summary>
    /// The response to one message, or null for notifications and client responses. The transport writes SSE into a
    /// buffer; only the reply is kept (notifications sent along the way are dropped in this mode).
    /// </summary>
    private Task<JsonRpcMessage?> AnswerAsync(McpPost post, McpPrincipal principal, HttpContext context) =>
        WithServerAsync(post, principal, context.RequestServices, async transport =>
        {
            using var buffer = new MemoryStream();
            if (!await transport.HandlePostRequestAsync(post.Message, buffer, context.RequestAborted))
                return null;

            buffer.Position = 0;
            JsonRpcMessage? reply = null;
            await foreach (SseItem<JsonRpcMessage?> item in SseParser.Create(buffer, (_, bytes) => JsonSerializer.Deserialize(bytes, JsonRpcHttp.MessageType)).EnumerateAsync(context.RequestAborted))
            {
                if (item.Data is JsonRpcMessageWithId message && message.Id.Equals(post.Id))
                    reply = message;
            }

            return reply ?? throw new InvalidOperationException("The MCP server produced no response to a request.");
        });

    /// <summary>A fresh stateless server for one message: created, run, used, and disposed in the SDK's own order.</summary>
    private async Task<T> WithServerAsync<T>(McpPost post, McpPrincipal principal, IServiceProvider services, Func<StreamableHttpServerTransport, Task<T>> use)
    {
        JsonRpcMessage message = post.Message;
        message.Context ??= new JsonRpcMessageContext();
        message.Context.ProtocolVersion = post.ProtocolVersion;

        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        McpServer mcp = servers.Create(transport, principal, services);
        using var run = new CancellationTokenSource();
        Task running = mcp.RunAsync(run.Token);
        try
        {
            return await use(transport);
        }
        finally
        {
            await transport.DisposeAsync();
            await run.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // Expected: the loop ends when cancelled.
            }

            await mcp.DisposeAsync();
        }
    }

    /// <summary>An SSE stream: related notifications, then the response (status taken from the first message).</summary>
    private static async Task<string> WriteStreamAsync(HttpContext context, StreamableHttpServerTransport transport, McpPost post)
    {
        string outcome = "ok";
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        bool wrote = await transport.HandlePostRequestAsync(post.Message, context.Response.Body, first =>
        {
            if (first is JsonRpcError error)
            {
                outcome = "error";
                if (post.IsModern && !context.Response.HasStarted)
                    context.Response.StatusCode = JsonRpcHttp.ModernStatusFor(error.Error.Code);
            }

            return default;
        }, context.RequestAborted);
        if (!wrote)
        {
            context.Response.ContentType = null;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return "accepted";
        }

        return outcome;
    }

    /// <summary>
    /// A JSON-RPC batch, which only 2025-03-26 allows (a request without a version header is taken to speak it). Each
    /// message is served as if sent alone; the replies come back as one array, or 202 when there are none.
    /// </summary>
    private async Task HandleBatchAsync(HttpContext context, McpRequestRecord record, byte[] body, McpPrincipal principal)
    {
        record.Method = "batch";
        string? version = context.Request.Headers[McpHeaders.ProtocolVersion].ToString() is { Length: > 0 } v ? v.Trim() : null;
        (IReadOnlyList<JsonNode?>? items, McpRejection? refused) = McpBatch.Read(body, version);
        if (items is null)
        {
            await Reject(context, record, refused!);
            return;
        }

        var replies = new List<JsonRpcMessage>();
        foreach (JsonNode? item in items)
        {
            (McpPost? post, McpRejection? invalid) = McpRequestRules.Describe(item, version);
            McpRejection? rejection = invalid ?? (post is null ? null : McpRequestRules.CheckHeaders(post, context.Request));
            if (post is not null && rejection is null && MissingScopes(post, principal) is { } tool)
                rejection = new McpRejection(StatusCodes.Status403Forbidden, JsonRpcCodes.ServerError, InsufficientScopeMessage(tool));
            if (rejection is not null)
            {
                replies.Add(new JsonRpcError { Id = post?.Id ?? default, Error = new JsonRpcErrorDetail { Code = rejection.Code, Message = rejection.Message } });
                continue;
            }

            if (await AnswerAsync(post!, principal, context) is { } reply)
                replies.Add(reply);
        }

        if (replies.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            record.Outcome = "accepted";
            return;
        }

        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, replies, McpBatch.RepliesType, context.RequestAborted);
        record.Outcome = replies.Any(r => r is JsonRpcError) ? "error" : "ok";
    }

    private CatalogTool? MissingScopes(McpPost post, McpPrincipal principal) =>
        post.ToolName is not null && tools.Find(post.ToolName) is { } tool && !principal.HasAll(tool.RequiredScopes) ? tool : null;

    private static string InsufficientScopeMessage(CatalogTool tool) =>
        $"Forbidden: {tool.Name} needs the {string.Join(", ", tool.RequiredScopes)} scope, which this connection was not granted. Reconnect and approve it, or use a key that has it.";

    private static string Outcome(JsonRpcMessage final) => final switch
    {
        JsonRpcError => "error",
        JsonRpcResponse { Result: { } result } when result["isError"]?.GetValue<bool>() == true => "tool_error",
        _ => "ok",
    };

    private static Task Reject(HttpContext context, McpRequestRecord record, McpRejection rejection, RequestId id = default)
    {
        record.Outcome = "rejected";
        return JsonRpcHttp.WriteErrorAsync(context, rejection, id);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure handling an MCP {Method} request.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string? method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check a credential; answered 503.")]
    private static partial void LogCredentialCheckFailed(ILogger logger, Exception exception);
}
