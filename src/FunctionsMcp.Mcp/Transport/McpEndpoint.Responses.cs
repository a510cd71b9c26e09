using System.Net.ServerSentEvents;
using System.Text.Json;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>Answering a message: a per-message SDK server, then a JSON body or an SSE stream; <c>tools/list</c> from a cache.</summary>
internal sealed partial class McpEndpoint
{

    private async Task<string> ServeAsync(HttpContext context, McpPost post, McpPrincipal principal)
    {
        // A subscriptions/listen answer is a stream by nature (acknowledgement first), whatever the setting.
        if (options.Value.StreamResponses || post.Method == "subscriptions/listen")
            return await WithServerAsync(post, principal, context.RequestServices, transport => WriteStreamAsync(context, transport, post));

        // Answers as JSON only: a streamed tools/list (Mcp:StreamResponses) is left to the SDK.
        bool cacheable = ToolListCache.Serves(post);
        if (cacheable && toolLists.Find(principal, post.ProtocolVersion) is { } cached)
            return await ToolListCache.WriteAsync(context, post.Id, cached);

        JsonRpcMessage? reply = await AnswerAsync(post, principal, context);
        if (cacheable && reply is JsonRpcResponse { Result: { } result })
            toolLists.Keep(principal, post.ProtocolVersion, result);
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
        InitializeNegotiation.Apply(post);
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

    private static string Outcome(JsonRpcMessage final) => final switch
    {
        JsonRpcError => "error",
        JsonRpcResponse { Result: { } result } when result["isError"]?.GetValue<bool>() == true => "tool_error",
        _ => "ok",
    };
}
