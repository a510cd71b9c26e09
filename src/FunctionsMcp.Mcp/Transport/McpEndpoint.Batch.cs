using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Telemetry;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>JSON-RPC batches (2025-03-26) and the per-tool scope check they share with single messages.</summary>
internal sealed partial class McpEndpoint
{
    /// <summary>
    /// A JSON-RPC batch, which only 2025-03-26 allows (a request without a version header is taken to speak it), of at
    /// most <see cref="McpBatch.MaxItems"/> messages. Each message is served as if sent alone: counted against the
    /// rate limits, checked, answered and audited as a request of its own. The replies come back as one array, or
    /// 202 when there are none.
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

        // From here the audit trail holds one entry per item, not one for the batch.
        record.RecordedPerItem = true;
        var replies = new List<JsonRpcMessage>();
        for (int i = 0; i < items.Count; i++)
        {
            var item = new McpRequestRecord(Stopwatch.GetTimestamp()) { Principal = principal };
            try
            {
                // The HTTP request was counted at the gate; it stands for the first item.
                if (await AnswerItemAsync(context, items[i], version, principal, item, counted: i == 0) is { } reply)
                    replies.Add(reply);
            }
            finally
            {
                recorder.Complete(item);
            }
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

    /// <summary>One item of a batch: metered unless already <paramref name="counted"/>, checked, then served. Null when nothing replies.</summary>
    private async Task<JsonRpcMessage?> AnswerItemAsync(HttpContext context, JsonNode? node, string? version, McpPrincipal principal, McpRequestRecord item, bool counted)
    {
        (McpPost? post, McpRejection? invalid) = McpRequestRules.Describe(node, version);
        item.Method = post?.Method;
        item.Tool = post?.ToolName;
        McpRejection? rejection = counted ? null : await MeterAsync(context, principal);
        rejection ??= invalid ?? McpRequestRules.Check(post!, context.Request);
        if (rejection is null && MissingScopes(post!, principal) is { } scopes)
            rejection = InsufficientScope(post!, scopes);
        if (rejection is not null)
        {
            (item.Outcome, item.Status, item.Refusal) = ("rejected", rejection.Status, rejection.Refusal);
            return new JsonRpcError { Id = post?.Id ?? default, Error = new JsonRpcErrorDetail { Code = rejection.Code, Message = rejection.Message, Data = rejection.Data } };
        }

        try
        {
            JsonRpcMessage? reply = await AnswerAsync(post!, principal, context);
            (item.Outcome, item.Status) = reply is null ? ("accepted", StatusCodes.Status202Accepted) : (Outcome(reply), StatusCodes.Status200OK);
            return reply;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One item failing is that item's error; its neighbours are still answered.
            LogUnexpected(logger, ex, item.Method);
            (item.Outcome, item.Status) = ("error", StatusCodes.Status500InternalServerError);
            return new JsonRpcError { Id = post!.Id, Error = new JsonRpcErrorDetail { Code = JsonRpcCodes.InternalError, Message = "The server failed to handle this message; it has been logged." } };
        }
    }

    /// <summary>The scopes the called tool needs that the principal lacks (none for other methods).</summary>
    private IReadOnlyList<string>? MissingScopes(McpPost post, McpPrincipal principal)
    {
        if (post.ToolName is null || tools.Find(post.ToolName) is not { } tool)
            return null;
        IReadOnlyList<string> needed = tool.ScopesFor(post.Params?["arguments"] as JsonObject);
        return principal.HasAll(needed) ? null : needed;
    }

    private static McpRejection InsufficientScope(McpPost post, IReadOnlyList<string> scopes) =>
        new(StatusCodes.Status403Forbidden, JsonRpcCodes.ServerError,
            $"Forbidden: {post.ToolName} needs the {string.Join(", ", scopes)} scope, which this connection was not granted. Reconnect and approve it, or use a key that has it.")
        {
            Refusal = FunctionsMcpMetrics.Refusals.InsufficientScope,
        };
}
