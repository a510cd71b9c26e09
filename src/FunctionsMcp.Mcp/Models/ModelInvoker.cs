using System.Text.Json;
using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.OAuth.Identity;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Models;

/// <summary>
/// Runs one model operation for a typed tool or for <c>perform_operation</c> alike: scope, parameter reading, the
/// handler, and a result with the record once as structured content and once as the same JSON in one text block
/// (MCP's rule for clients that read text only).
/// Failures come back as tool errors (<c>isError</c>) whose text tells the model what to do next.
/// </summary>
internal static class ModelInvoker
{
    /// <summary>
    /// Runs <paramref name="operation"/> with <paramref name="arguments"/> already checked against its parameter schema
    /// (<see cref="ArgumentCheck"/>); <paramref name="path"/> is where they sit in the call ("parameters" for perform_operation).
    /// </summary>
    public static async ValueTask<CallToolResult> InvokeAsync(
        ModelOperation operation, JsonElement arguments, string? path, McpPrincipal principal, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!principal.Has(operation.RequiredScope))
            return Error($"{operation.Model} {operation.Operation} needs the {operation.RequiredScope} scope, which this connection was not granted.");
        if (arguments.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            arguments = JsonDocument.Parse("{}").RootElement;

        (object? parameters, string? readError) = ModelJson.Read(arguments, operation.ParametersType, path);
        if (readError is not null)
            return Error(readError);

        // The limits published in the schema are enforced by the domain rules, whose messages name field and rule.
        OperationResult result = await operation.Handler(new ModelCall(principal, services), parameters!, cancellationToken);
        if (result.Failure is { } failure)
            return Error(Prefix(failure) + result.Message);

        JsonElement structured = JsonSerializer.SerializeToElement(result.Value, operation.ResultType, ModelJson.Options);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = structured.GetRawText() }],
            StructuredContent = structured,
        };
    }

    public static CallToolResult Error(string message) => ToolErrors.Result(message);

    private static string Prefix(RecordFailure failure) => failure switch
    {
        RecordFailure.NotFound => "Not found: ",
        RecordFailure.Invalid => "Invalid input: ",
        RecordFailure.StaleVersion => "Conflict: ",
        RecordFailure.Duplicate => "Conflict: ",
        _ => string.Empty,
    };
}
