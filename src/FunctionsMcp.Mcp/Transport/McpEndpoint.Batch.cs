using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>JSON-RPC batches (2025-03-26) and the per-tool scope check they share with single messages.</summary>
internal sealed partial class McpEndpoint
{
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
            McpRejection? rejection = invalid ?? (post is null ? null : McpRequestRules.Check(post, context.Request));
            if (post is not null && rejection is null && MissingScopes(post, principal) is { } scopes)
                rejection = new McpRejection(StatusCodes.Status403Forbidden, JsonRpcCodes.ServerError, InsufficientScopeMessage(post, scopes));
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

    /// <summary>The scopes the called tool needs that the principal lacks (none for other methods).</summary>
    private IReadOnlyList<string>? MissingScopes(McpPost post, McpPrincipal principal)
    {
        if (post.ToolName is null || tools.Find(post.ToolName) is not { } tool)
            return null;
        IReadOnlyList<string> needed = tool.ScopesFor(post.Params?["arguments"] as JsonObject);
        return principal.HasAll(needed) ? null : needed;
    }

    private static string InsufficientScopeMessage(McpPost post, IReadOnlyList<string> scopes) =>
        $"Forbidden: {post.ToolName} needs the {string.Join(", ", scopes)} scope, which this connection was not granted. Reconnect and approve it, or use a key that has it.";
}
