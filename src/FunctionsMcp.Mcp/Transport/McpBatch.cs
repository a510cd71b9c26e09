using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>
/// JSON-RPC batches: 2025-03-26 lets a POST carry an array of messages (its transports page, "Sending Messages to
/// the Server"); 2025-06-18 removed them. A request without <c>MCP-Protocol-Version</c> is taken to speak 2025-03-26.
/// </summary>
internal static class McpBatch
{
    public const string Revision = "2025-03-26";

    /// <summary>The most messages one batch may hold; each is metered and audited as a request, so a batch stays small.</summary>
    public const int MaxItems = 50;

    public static readonly JsonTypeInfo<List<JsonRpcMessage>> RepliesType =
        (JsonTypeInfo<List<JsonRpcMessage>>)JsonRpcHttp.Options.GetTypeInfo(typeof(List<JsonRpcMessage>));

    public static bool IsBatch(byte[] body)
    {
        foreach (byte b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                continue;
            return b == (byte)'[';
        }

        return false;
    }

    /// <summary>The batch's items, or why it is refused.</summary>
    public static (IReadOnlyList<JsonNode?>? Items, McpRejection? Rejection) Read(byte[] body, string? version)
    {
        if (version is not null && version != Revision)
        {
            return (null, new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.InvalidRequest,
                $"Invalid Request: JSON-RPC batches exist only in protocol version {Revision}; with {version}, send one message per POST."));
        }

        (JsonNode? node, McpRejection? unreadable) = JsonRpcBody.Parse(body);
        if (unreadable is not null)
            return (null, unreadable);

        return node switch
        {
            JsonArray { Count: > MaxItems } array => (null, new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.InvalidRequest,
                $"Invalid Request: a batch may hold at most {MaxItems} messages and this one holds {array.Count}; send them in smaller batches.")),
            JsonArray { Count: > 0 } array => ([.. array], null),
            _ => (null, new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.InvalidRequest, "Invalid Request: an empty batch.")),
        };
    }
}
