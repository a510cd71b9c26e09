using System.Net;
using System.Net.Sockets;
using Azure.Core;
using Azure.Core.Pipeline;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Storage.Tables;
using FunctionsMcp.Tests.Common;
using Moq;

namespace FunctionsMcp.Storage.Tests.Tables;

public sealed class TableFailureTests(AzuriteFixture azurite) : TableTestBase(azurite)
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

    private static TableClientOptions FastRetries(int maxRetries)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = maxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        return options;
    }

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
        Assert.NotNull(await Table.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: Cancel));
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
        Assert.Equal(3, handler.Requests);
        Assert.DoesNotContain("RequestId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadRequest_CarriesTheServiceErrorCodeAndMessage()
    {
        var entity = new TableEntity("p", "big") { ["Text"] = new string('x', 70_000) };

        var error = await Assert.ThrowsAsync<TableStorageException>(() => Table.AddEntityAsync(entity, Cancel));

        Assert.Equal(TableFailure.BadRequest, error.Failure);
        Assert.Equal(400, error.Status);
        Assert.Equal("PropertyValueTooLarge", error.ErrorCode);
        Assert.Contains("PropertyValueTooLarge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongAccountKey_ThrowsForbidden()
    {
        string wrong = Azurite.ConnectionString.Replace("Eby8", "AAAA", StringComparison.Ordinal);
        TableClient client = new TableServiceClient(wrong).GetTableClient(Table.Name);

        var error = await Assert.ThrowsAsync<TableStorageException>(() => client.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: Cancel));

        Assert.Equal(TableFailure.Forbidden, error.Failure);
        Assert.Equal("AuthorizationFailure", error.ErrorCode);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    public async Task ForbiddenKeyCharacters_AreRefusedBeforeAnythingIsSent(string key)
    {
        var handler = new FaultInjectingHandler(failures: 0, HttpStatusCode.OK, "none");
        TableClientOptions options = FastRetries(0);
        options.Transport = new HttpClientTransport(new HttpClient(handler));
        TableClient client = ClientWith(options);

        await Assert.ThrowsAsync<ArgumentException>(() => client.AddEntityAsync(new TableEntity(key, "r"), Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AddEntityAsync(new TableEntity("p", key), Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetEntityIfExistsAsync<TableEntity>("p", key, cancellationToken: Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteEntityAsync(key, "r", cancellationToken: Cancel));

        Assert.Equal(0, handler.Requests);
    }

    [Fact]
    public async Task SilentEndpoint_TimesOutAfterTheRequestTimeout()
    {
        using var silent = new SilentServer();
        TableClientOptions options = FastRetries(0);
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        TableClient client = new TableServiceClient(new Uri($"http://127.0.0.1:{silent.Port}/devstoreaccount1"),
            new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32])), options).GetTableClient("timeouts");

        var error = await Assert.ThrowsAsync<TableStorageException>(() => client.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: Cancel));

        Assert.Equal(TableFailure.Timeout, error.Failure);
        Assert.Contains($"127.0.0.1:{silent.Port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_IsHonouredAndNotReportedAsAStorageFailure()
    {
        using var silent = new SilentServer();
        TableClient client = new TableServiceClient(new Uri($"http://127.0.0.1:{silent.Port}/devstoreaccount1"),
            new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[32])), FastRetries(0)).GetTableClient("cancels");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetEntityIfExistsAsync<TableEntity>("p", "1", cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task NothingListening_ThrowsUnreachableNamingTheEndpoint()
    {
        int port = AzuriteProcess.FreePort();
        TableClient client = new TableServiceClient(AzuriteProcess.ConnectionStringFor(port), FastRetries(1)).GetTableClient("nowhere");

        var error = await Assert.ThrowsAsync<TableStorageException>(() => client.CreateIfNotExistsAsync(Cancel));

        Assert.Equal(TableFailure.Unreachable, error.Failure);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCredential_SendsABearerTokenForStorage_AndNoSharedKey()
    {
        HttpRequestMessage? seen = null;
        // Moq stands in for Azure here: no storage account is reachable from the test machine.
        var transport = new HttpClientTransport(new HttpClient(new RecordingHandler(r => seen = r)));
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.Is<TokenRequestContext>(t => t.Scopes.Single() == "https://storage.azure.com/.default"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken("token-123", DateTimeOffset.UtcNow.AddHours(1)));
        var options = new TableClientOptions { Transport = transport };

        var service = new TableServiceClient(new Uri("https://account.table.core.windows.net"), credential.Object, options);
        await service.GetTableNamesAsync(1, Cancel);

        Assert.NotNull(seen);
        Assert.Equal("Bearer token-123", seen.Headers.Authorization?.ToString());
        Assert.Equal("/Tables", seen.RequestUri!.AbsolutePath);
        Assert.Equal("2020-12-06", seen.Headers.GetValues("x-ms-version").Single());
    }

    [Fact]
    public void TokenCredential_OverPlainHttp_IsRefusedAtConstruction()
    {
        var error = Assert.Throws<ArgumentException>(() => new TableServiceClient(new Uri("http://127.0.0.1:10002/devstoreaccount1"), Mock.Of<TokenCredential>()));

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingHandler(Action<HttpRequestMessage> record) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            record(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"value":[]}""") });
        }
    }
}
