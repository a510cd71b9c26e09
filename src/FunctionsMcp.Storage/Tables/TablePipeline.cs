using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FunctionsMcp.Storage.Tables;

/// <summary>The HTTP pipeline and endpoint shared by a service client and its table clients.</summary>
internal sealed class TablePipeline
{
    public const string JsonAccept = "application/json;odata=minimalmetadata";

    private readonly HttpPipeline _pipeline;

    private TablePipeline(Uri endpoint, HttpPipeline pipeline)
    {
        Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        _pipeline = pipeline;
    }

    /// <summary>The table endpoint without a trailing slash (path-style for Azurite: <c>…/devstoreaccount1</c>).</summary>
    public Uri Endpoint { get; }

    public static TablePipeline Create(Uri endpoint, TableSharedKeyCredential credential, TableClientOptions? options)
    {
        options ??= new TableClientOptions();
        return new TablePipeline(endpoint, Build(options, new SharedKeyLitePolicy(credential, options.TimeProvider)));
    }

    public static TablePipeline Create(Uri endpoint, TokenCredential credential, TableClientOptions? options)
    {
        // Azure.Core refuses bearer tokens over plain http; say so at construction, not on the first call.
        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException(
                $"The table endpoint {endpoint} must use https when signing in with a token credential.", nameof(endpoint));
        }

        options ??= new TableClientOptions();
        return new TablePipeline(
            endpoint, Build(options, new BearerTokenAuthenticationPolicy(credential, "https://storage.azure.com/.default")));
    }

    private static HttpPipeline Build(TableClientOptions options, HttpPipelinePolicy authentication) =>
        HttpPipelineBuilder.Build(options, [new TableHeadersPolicy()], [authentication], new ResponseClassifier());

    public HttpMessage CreateMessage(RequestMethod method, string relativePath)
    {
        HttpMessage message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(Endpoint);
        message.Request.Uri.AppendPath("/" + relativePath, escape: false);
        message.Request.Headers.SetValue(HttpHeader.Names.Accept, JsonAccept);
        return message;
    }

    /// <summary>Sends a message; transport failures and timeouts become <see cref="TableStorageException"/>.</summary>
    public async Task<Response> SendAsync(HttpMessage message, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is RequestFailedException { Status: 0 } or OperationCanceledException or AggregateException or IOException)
        {
            throw TableErrors.FromTransport(ex, Endpoint, operation);
        }

        return message.Response;
    }

    /// <summary>The escaped path of one entity: <c>table(PartitionKey='…',RowKey='…')</c>.</summary>
    public static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{table}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    // Keys are OData string literals inside the URL: double the quotes, then percent-encode.
    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}
