using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests;

/// <summary>
/// How storage failures reach the stores through the client options <see cref="TableStorageClientFactory"/> builds:
/// retried when transient, then a typed <see cref="TableStorageException"/>; 404/409/412/400 keep the library's
/// <see cref="RequestFailedException"/>, classified by <see cref="TableFailures"/>.
/// </summary>
public sealed class StorageFailureTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    /// <summary>Answers the first <paramref name="failures"/> requests itself (fault injection), then passes the rest to Azurite.</summary>
    private sealed class FaultInjectingHandler(int failures, HttpStatusCode status, string errorCode) : DelegatingHandler(new SocketsHttpHandler())
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref Requests) > failures)
                return base.SendAsync(request, cancellationToken);
            var response = new HttpResponseMessage(status)
            {
                Content = new StringContent("{\"odata.error\":{\"code\":\"" + errorCode + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"Injected.\\nRequestId:1\"}}}"),
            };
            response.Headers.Add("x-ms-error-code", errorCode);
            return Task.FromResult(response);
        }
    }

    /// <summary>Accepts connections and never answers, to exercise timeouts and cancellation.</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _sockets = [];

        public SilentServer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    Socket socket = await _listener.AcceptSocketAsync();
                    lock (_sockets) _sockets.Add(socket);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_sockets) _sockets.ForEach(s => s.Dispose());
        }
    }

    private TableClient ClientWith(TableClientOptions options) =>
        new TableServiceClient(Azurite.ConnectionString, options).GetTableClient(Table.Name);

    private static TableClientOptions FastRetries(int maxRetries, TimeSpan? timeout = null)
    {
        TableClientOptions options = TableStorageClientFactory.ClientOptions(maxRetries, timeout ?? TimeSpan.FromSeconds(30));
        options.Retry.Delay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        return options;
    }

    private static TableClient Silent(SilentServer silent, TableClientOptions options, string table) =>
        new TableServiceClient(AzuriteProcess.ConnectionStringFor(silent.Port), options).GetTableClient(table);

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServerBusy")]
    [InlineData(HttpStatusCode.InternalServerError, "OperationTimedOut")]
    [InlineData(HttpStatusCode.TooManyRequests, "TooManyRequests")]
    public async Task ThrottledResponses_AreRetriedWithBackoff_ThenTheWriteLands(HttpStatusCode status, string code)
    {
        var handler = new FaultInjectingHandler(failures: 2, status, code);
        TableClientOptions options = FastRetries(3);
        options.Transport = new HttpClientTransport(new HttpClient(handler));

        await ClientWith(options).AddEntityAsync(new TableEntity("p", "1") { ["A"] = 1 }, Cancel);

        Assert.Equal(3, handler.Requests);
        Assert.True((await Table.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: Cancel)).HasValue);
    }

    [Fact]
    public async Task ThrottlingThatOutlastsTheRetries_ThrowsThrottledWithTheServiceCode()
    {
        var handler = new FaultInjectingHandler(failures: 100, HttpStatusCode.ServiceUnavailable, "ServerBusy");
        TableClientOptions options = FastRetries(2);
        options.Transport = new HttpClientTransport(new HttpClient(handler));

        var error = await Assert.ThrowsAsync<TableStorageException>(() => ClientWith(options).AddEntityAsync(new TableEntity("p", "1"), Cancel));

        Assert.Equal(TableFailure.Throttled, error.Failure);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal(503, error.Status);
        Assert.Equal(3, handler.Requests);
        Assert.DoesNotContain("RequestId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task BadRequest_KeepsTheLibrarysException_ClassifiedWithTheServiceCode()
    {
        var entity = new TableEntity("p", "big") { ["Text"] = new string('x', 70_000) };

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => ClientWith(FastRetries(0)).AddEntityAsync(entity, Cancel));

        Assert.Equal(TableFailure.BadRequest, error.Failure);
        Assert.Equal(400, error.Status);
        Assert.Equal("PropertyValueTooLarge", error.ErrorCode);
    }

    [Fact]
    public async Task ConflictsAndStaleVersions_AreClassified_NotTurnedIntoStorageFailures()
    {
        TableClient client = ClientWith(FastRetries(0));
        Response added = await client.AddEntityAsync(new TableEntity("p", "1") { ["A"] = 1 }, Cancel);
        await client.UpdateEntityAsync(new TableEntity("p", "1") { ["A"] = 2 }, added.Headers.ETag!.Value, TableUpdateMode.Merge, Cancel);

        var taken = await Assert.ThrowsAsync<RequestFailedException>(() => client.AddEntityAsync(new TableEntity("p", "1"), Cancel));
        var stale = await Assert.ThrowsAsync<RequestFailedException>(
            () => client.UpdateEntityAsync(new TableEntity("p", "1") { ["A"] = 3 }, added.Headers.ETag!.Value, TableUpdateMode.Merge, Cancel));
        var missing = await Assert.ThrowsAsync<RequestFailedException>(
            () => client.UpdateEntityAsync(new TableEntity("p", "ghost"), ETag.All, TableUpdateMode.Merge, Cancel));

        Assert.Equal((TableFailure.AlreadyExists, "EntityAlreadyExists"), (taken.Failure, taken.ErrorCode));
        Assert.Equal((TableFailure.PreconditionFailed, "UpdateConditionNotSatisfied"), (stale.Failure, stale.ErrorCode));
        Assert.Equal(TableFailure.NotFound, missing.Failure);
        Assert.All([taken, stale, missing], e => Assert.IsNotType<TableStorageException>(e));
    }

    [Fact]
    public async Task WrongAccountKey_ThrowsForbidden()
    {
        string wrong = Azurite.ConnectionString.Replace("Eby8", "AAAA", StringComparison.Ordinal);
        TableClient client = new TableServiceClient(wrong, FastRetries(0)).GetTableClient(Table.Name);

        var error = await Assert.ThrowsAsync<TableStorageException>(() => client.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: Cancel));

        Assert.Equal(TableFailure.Forbidden, error.Failure);
        Assert.Equal("AuthorizationFailure", error.ErrorCode);
    }

    [Fact]
    public async Task SilentEndpoint_TimesOutAfterTheRequestTimeout()
    {
        using var silent = new SilentServer();
        TableClient client = Silent(silent, FastRetries(0, TimeSpan.FromMilliseconds(300)), "timeouts");

        var error = await Assert.ThrowsAsync<TableStorageException>(() => client.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: Cancel));

        Assert.Equal(TableFailure.Timeout, error.Failure);
        Assert.Contains($"127.0.0.1:{silent.Port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_IsHonouredAndNotReportedAsAStorageFailure()
    {
        using var silent = new SilentServer();
        TableClient client = Silent(silent, FastRetries(0), "cancels");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: cancel.Token));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task NothingListening_ThrowsUnreachableNamingTheEndpoint(int retries)
    {
        int port = AzuriteProcess.FreePort();
        TableClient client = new TableServiceClient(AzuriteProcess.ConnectionStringFor(port), FastRetries(retries)).GetTableClient("nowhere");

        var error = await Assert.ThrowsAsync<TableStorageException>(() => client.CreateIfNotExistsAsync(Cancel));

        Assert.Equal(TableFailure.Unreachable, error.Failure);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nowhere(", error.Message, StringComparison.Ordinal);
    }
}
