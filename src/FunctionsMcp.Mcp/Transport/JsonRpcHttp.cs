using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>
/// A refusal of the whole HTTP request, answered as a JSON-RPC error with an HTTP status. <see cref="Refusal"/> names
/// the access check that refused it (a <see cref="OAuth.Telemetry.FunctionsMcpMetrics.Refusals"/> value), for the 401/403/429 count.
/// </summary>
internal sealed record McpRejection(int Status, int Code, string Message, JsonNode? Data = null)
{
    public string? Refusal { get; init; }
}

/// <summary>Writing JSON-RPC messages onto HTTP responses.</summary>
internal static class JsonRpcHttp
{
    public static readonly JsonTypeInfo<JsonRpcMessage> MessageType =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonTypeInfo<JsonRpcError> s_errorType =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    public static Task WriteErrorAsync(HttpContext context, McpRejection rejection, RequestId id = default) =>
        WriteErrorAsync(context, rejection.Status, rejection.Code, rejection.Message, id, rejection.Data);

    public static async Task WriteErrorAsync(HttpContext context, int status, int code, string message, RequestId id = default, JsonNode? data = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonRpcError { Id = id, Error = new JsonRpcErrorDetail { Code = code, Message = message, Data = data } };
        await JsonSerializer.SerializeAsync(context.Response.Body, error, s_errorType, context.RequestAborted);
    }

    /// <summary>HTTP status for a JSON-RPC error in the 2026-07-28 era (its transport maps these; older eras answer 200).</summary>
    public static int ModernStatusFor(int code) => code switch
    {
        JsonRpcCodes.MethodNotFound => StatusCodes.Status404NotFound,
        JsonRpcCodes.MissingRequiredClientCapability or JsonRpcCodes.UnsupportedProtocolVersion or JsonRpcCodes.HeaderMismatch => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status200OK,
    };
}
