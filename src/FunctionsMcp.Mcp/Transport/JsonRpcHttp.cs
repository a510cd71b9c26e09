using System.Text.Encodings.Web;
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
    /// <summary>
    /// The SDK's options, writing characters as themselves. Answers are JSON read by clients and models, never put
    /// into HTML, so HTML-safe escaping only costs bytes: a tool's text block (JSON inside a string) would read
    /// <c>\u0022id\u0022</c> instead of <c>\"id\"</c>, and an ellipsis <c>\u2026</c>. Quotes, backslashes and control
    /// characters are still escaped, as JSON requires.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(McpJsonUtilities.DefaultOptions) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonTypeInfo<JsonRpcMessage> MessageType = (JsonTypeInfo<JsonRpcMessage>)Options.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonTypeInfo<JsonRpcError> s_errorType = (JsonTypeInfo<JsonRpcError>)Options.GetTypeInfo(typeof(JsonRpcError));

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
