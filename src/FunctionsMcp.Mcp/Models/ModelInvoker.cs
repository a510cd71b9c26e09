using System.Text.Json;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.OAuth.Identity;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Models;

/// <summary>
/// Runs one model operation for a typed tool or for <c>perform_operation</c> alike: scope, strict parameter
/// reading, the handler, and a result with structured content and its text rendering.
/// Failures come back as tool errors (<c>isError</c>) whose text tells the model what to do next.
/// </summary>
internal static class ModelInvoker
{
    public static async ValueTask<CallToolResult> InvokeAsync(ModelOperation operation, JsonElement arguments, McpPrincipal principal, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!principal.Has(operation.RequiredScope))
            return Error($"{operation.Model} {operation.Operation} needs the {operation.RequiredScope} scope, which this connection was not granted.");
        if (arguments.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            arguments = JsonDocument.Parse("{}").RootElement;
        if (arguments.ValueKind != JsonValueKind.Object)
            return Error("Invalid parameters: send a JSON object of the operation's parameters (see get_model_schema).");

        (object? parameters, string? readError) = ModelJson.Read(arguments, operation.ParametersType);
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

    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    private static string Prefix(RecordFailure failure) => failure switch
    {
        RecordFailure.NotFound => "Not found: ",
        RecordFailure.Invalid => "Invalid input: ",
        RecordFailure.StaleVersion => "Conflict: ",
        RecordFailure.Duplicate => "Conflict: ",
        _ => string.Empty,
    };
}
