using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>
/// The shape of a message's params, checked against the SDK's own parameter types before the SDK sees them. Its
/// transport reads <c>initialize</c> params itself and throws on a missing or mistyped field (which reached us as a
/// 500), and its handlers answer other mistyped params with a bare "-32603 An error occurred". Here the client is
/// told which field is wrong, with -32602.
/// </summary>
internal static class McpParamsRules
{
    private static readonly Dictionary<string, Type> s_types = new(StringComparer.Ordinal)
    {
        [RequestMethods.Initialize] = typeof(InitializeRequestParams),
        [RequestMethods.Ping] = typeof(PingRequestParams),
        [RequestMethods.ToolsList] = typeof(ListToolsRequestParams),
        [RequestMethods.ToolsCall] = typeof(CallToolRequestParams),
        [RequestMethods.ServerDiscover] = typeof(DiscoverRequestParams),
        [RequestMethods.SubscriptionsListen] = typeof(SubscriptionsListenRequestParams),
        [NotificationMethods.InitializedNotification] = typeof(InitializedNotificationParams),
        [NotificationMethods.CancelledNotification] = typeof(CancelledNotificationParams),
    };

    /// <summary>Null when the params can be read as the method's parameter type (or the method is not one we serve).</summary>
    public static McpRejection? Check(string? method, JsonNode? parameters)
    {
        if (parameters is null)
            return null;
        string name = BoundedText.Cut(method ?? "", 100);
        if (parameters is not JsonObject fields)
            return Invalid($"Invalid params: the params of '{name}' must be a JSON object.");
        if (fields["_meta"] is { } meta && meta is not JsonObject)
            return Invalid("Invalid params: params._meta must be a JSON object when present.");
        if (method is null || !s_types.TryGetValue(method, out Type? type))
            return null;

        try
        {
            _ = fields.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(type));
            return null;
        }
        catch (JsonException ex)
        {
            return Invalid(Describe(name, ex));
        }
    }

    private static string Describe(string method, JsonException ex)
    {
        const string Missing = "missing required properties including: ";
        string field = ex.Path is { Length: > 1 } path ? "params" + BoundedText.Cut(path[1..], 100) : "params";
        int at = ex.Message.IndexOf(Missing, StringComparison.Ordinal);
        return at >= 0
            ? $"Invalid params: '{method}' needs {ex.Message[(at + Missing.Length)..].TrimEnd('.')} in {field}."
            : $"Invalid params: {field} has the wrong type for '{method}'; send it as the MCP schema describes.";
    }

    private static McpRejection Invalid(string message) => new(StatusCodes.Status400BadRequest, JsonRpcCodes.InvalidParams, message);
}
