using System.Text.Json;
using System.Xml.Linq;
using Azure;

namespace FunctionsMcp.Storage.Tables;

/// <summary>Turns a failed response or transport error into a <see cref="TableStorageException"/>.</summary>
internal static class TableErrors
{
    public static TableFailure Classify(int status, string? errorCode) => status switch
    {
        404 => TableFailure.NotFound,
        409 when errorCode is "EntityAlreadyExists" or "TableAlreadyExists" => TableFailure.AlreadyExists,
        412 => TableFailure.PreconditionFailed,
        429 or 503 => TableFailure.Throttled,
        500 when errorCode is "OperationTimedOut" => TableFailure.Throttled,
        400 => TableFailure.BadRequest,
        401 or 403 => TableFailure.Forbidden,
        _ => TableFailure.Other,
    };

    public static TableStorageException FromResponse(Response response, string operation)
    {
        (string? code, string? message) = Read(response);
        code ??= response.Headers.TryGetValue("x-ms-error-code", out string? header) ? header : null;
        return new TableStorageException(
            Classify(response.Status, code),
            response.Status,
            code,
            Describe(operation, response.Status, code, message));
    }

    public static TableStorageException FromTransport(Exception exception, Uri endpoint, string operation)
    {
        Exception root = exception is AggregateException aggregate ? aggregate.InnerExceptions[^1] : exception;
        bool timedOut = root is OperationCanceledException or TimeoutException;
        string reason = timedOut
            ? "did not answer within the request timeout"
            : $"could not be reached ({FirstLine(root.InnerException?.Message ?? root.Message)})";
        return new TableStorageException(
            timedOut ? TableFailure.Timeout : TableFailure.Unreachable,
            0,
            null,
            $"{operation} failed: the table endpoint {endpoint.GetLeftPart(UriPartial.Path)} {reason}.",
            exception);
    }

    public static string Describe(string operation, int status, string? code, string? message)
    {
        string detail = message is null ? string.Empty : ": " + message;
        return $"{operation} failed with {status} {code ?? "(no error code)"}{detail}";
    }

    /// <summary>Reads the error code and message from an OData JSON or XML error body.</summary>
    public static (string? Code, string? Message) Read(Response response)
    {
        string body;
        try
        {
            body = response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            return (null, null);
        }

        return Parse(body);
    }

    public static (string? Code, string? Message) Parse(string body)
    {
        body = body.Trim();
        if (body.StartsWith('{'))
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("odata.error", out JsonElement error))
                {
                    string? code = error.TryGetProperty("code", out JsonElement c) ? c.GetString() : null;
                    string? message = error.TryGetProperty("message", out JsonElement m)
                        && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out JsonElement v)
                            ? v.GetString() : null;
                    return (code, message is null ? null : FirstLine(message));
                }
            }
            catch (JsonException)
            {
                return (null, null);
            }
        }
        else if (body.StartsWith('<'))
        {
            try
            {
                XElement root = XElement.Parse(body);
                return (root.Element("Code")?.Value, root.Element("Message")?.Value is { } m ? FirstLine(m) : null);
            }
            catch (System.Xml.XmlException)
            {
                return (null, null);
            }
        }

        return (null, null);
    }

    // The service appends "\nRequestId:…\nTime:…" to every message; the first line is the useful part.
    private static string FirstLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
