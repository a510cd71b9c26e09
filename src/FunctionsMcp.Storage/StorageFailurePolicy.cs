using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FunctionsMcp.Storage;

/// <summary>
/// Turns the failures nobody's data can fix (throttled after the retries, credential refused, endpoint unreachable or
/// silent) into a <see cref="TableStorageException"/> whose message is one sentence naming the endpoint. Azure.Data.Tables
/// would throw a <see cref="RequestFailedException"/> whose message lists headers and body over many lines, and it has no
/// hook to shape its exceptions; a per-call policy sees the outcome after every retry, for every store, in one place.
/// 404/409/412/400 pass through untouched: the library needs them (a missing entity, an existing table) and the stores
/// turn them into their typed results.
/// </summary>
internal sealed class StorageFailurePolicy : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private static async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        try
        {
            if (async)
                await ProcessNextAsync(message, pipeline);
            else
                ProcessNext(message, pipeline);
        }
        catch (Exception ex) when (!message.CancellationToken.IsCancellationRequested
            && ex is RequestFailedException { Status: 0 } or OperationCanceledException or AggregateException or IOException)
        {
            throw Transport(message.Request, ex);
        }

        Response response = message.Response;
        // Only an error status can be a failure; reading a success's body for an error code would parse every query page.
        if (response.Status < 400)
            return;
        string? code = ErrorCode(response);
        TableFailure failure = TableFailures.Classify(response.Status, code);
        if (failure is TableFailure.Throttled or TableFailure.Forbidden)
        {
            string detail = ServiceMessage(response) is { } text ? ": " + text : string.Empty;
            throw new TableStorageException(failure, response.Status, code,
                $"{Operation(message.Request)} failed with {response.Status} {code ?? "(no error code)"}{detail}");
        }
    }

    private static TableStorageException Transport(Request request, Exception exception)
    {
        // After retries Azure.Core wraps every attempt's failure in one AggregateException; the last says most.
        Exception root = exception is AggregateException aggregate ? aggregate.InnerExceptions[^1] : exception;
        bool timedOut = root is OperationCanceledException or TimeoutException;
        string reason = timedOut
            ? "did not answer within the request timeout"
            : $"could not be reached ({FirstLine(root.InnerException?.Message ?? root.Message)})";
        return new TableStorageException(
            timedOut ? TableFailure.Timeout : TableFailure.Unreachable, 0, null,
            $"{Operation(request)} failed: the table endpoint {Endpoint(request)} {reason}.", exception);
    }

    // The method and table name: enough to say what failed, never a key (keys are in the path after the table name).
    private static string Operation(Request request)
    {
        string last = request.Uri.ToUri().AbsolutePath.TrimEnd('/').Split('/')[^1];
        int parenthesis = last.IndexOf('(', StringComparison.Ordinal);
        return $"Storage request {request.Method} {(parenthesis < 0 ? last : last[..parenthesis])}";
    }

    private static string Endpoint(Request request) => request.Uri.ToUri().GetLeftPart(UriPartial.Authority);

    private static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out string? header) ? header : ReadError(response).Code;

    private static string? ServiceMessage(Response response) => ReadError(response).Message is { } text ? FirstLine(text) : null;

    // The Table service's JSON error body: {"odata.error":{"code":"…","message":{"value":"…"}}}.
    private static (string? Code, string? Message) ReadError(Response response)
    {
        try
        {
            if (response.Content is null || response.Content.ToMemory().IsEmpty)
                return (null, null);
            using JsonDocument document = JsonDocument.Parse(response.Content.ToMemory());
            if (!document.RootElement.TryGetProperty("odata.error", out JsonElement error))
                return (null, null);
            string? code = error.TryGetProperty("code", out JsonElement c) ? c.GetString() : null;
            string? text = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.Object
                && m.TryGetProperty("value", out JsonElement v) ? v.GetString() : null;
            return (code, text);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }

    // The service appends "\nRequestId:…\nTime:…" to every message; the first line is the useful part.
    private static string FirstLine(string text)
    {
        int newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}
