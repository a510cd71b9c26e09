using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Tools;
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
}
