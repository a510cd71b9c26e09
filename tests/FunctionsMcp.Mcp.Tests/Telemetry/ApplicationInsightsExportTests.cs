using System.IO.Compression;
using System.Net;
using System.Text;
using Azure.Monitor.OpenTelemetry.Exporter;
using FunctionsMcp.LocalDev;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Telemetry;

/// <summary>
/// What the Azure Monitor exporter sends, caught by a stand-in for Application Insights' ingestion endpoint on loopback:
/// our metrics as <c>Metric</c> items (the <c>customMetrics</c> table) with their tags as dimensions, the Table Storage
/// calls as <c>RemoteDependency</c> items, and no credential anywhere. Application Insights itself is not reached.
/// </summary>
public sealed class ApplicationInsightsExportTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HttpListener _ingestion = new();
    private readonly List<string> _received = [];
    private McpTestServer _server = null!;
    private Task _serving = Task.CompletedTask;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        int port = AzuriteProcess.FreePort();
        _ingestion.Prefixes.Add($"http://127.0.0.1:{port}/");
        _ingestion.Start();
        _serving = ServeAsync();
        string connectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:{port}/;LiveEndpoint=http://127.0.0.1:9/";
        _server = McpTestServer.Start(azurite, new Dictionary<string, string?> { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString }, services: s =>
            s.Configure<AzureMonitorExporterOptions>(o => (o.DisableOfflineStorage, o.EnableLiveMetrics, o.SamplingRatio, o.TracesPerSecond) = (true, false, 1F, null)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _ingestion.Stop();
        await _serving;
        _ingestion.Close();
    }

    /// <summary>Answers every track request as accepted, keeping its (gzipped, newline-delimited JSON) body.</summary>
    private async Task ServeAsync()
    {
        while (_ingestion.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _ingestion.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Stream body = context.Request.Headers["Content-Encoding"] == "gzip" ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress) : context.Request.InputStream;
            using (var reader = new StreamReader(body, Encoding.UTF8))
            {
                string text = await reader.ReadToEndAsync();
                lock (_received)
                    _received.Add(text);
            }

            byte[] answer = """{"itemsReceived":0,"itemsAccepted":0,"errors":[]}"""u8.ToArray();
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    private string Received()
    {
        lock (_received)
            return string.Join('\n', _received);
    }

    [Fact]
    public async Task OurMetricsAndTheStorageCalls_ReachApplicationInsights_WithoutTheCredential()
    {
        TestTenant tenant = await _server.CreateTenantAsync();
        CreatedAccessKey key = await _server.CreateKeyAsync(tenant);
        using MetricCapture capture = new(_server.Services);

        using HttpResponseMessage called = await _server.Http.SendAsync(LegacyCall(key.Token, "tools/call", Call("whoami")), Cancel);
        using HttpResponseMessage refused = await _server.Http.SendAsync(LegacyCall(key.Token + "x", "ping"), Cancel);
        await capture.WaitForAsync("fmcp.mcp.tool_calls", m => m["tool"] == "whoami");
        await capture.WaitForAsync("fmcp.auth.refusals", m => m["status"] == "401");
        Assert.True(_server.Services.GetRequiredService<MeterProvider>().ForceFlush());
        Assert.True(_server.Services.GetRequiredService<TracerProvider>().ForceFlush());

        string sent = Received();
        Assert.Contains("\"name\":\"fmcp.mcp.tool_calls\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"tool\":\"whoami\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"fmcp.auth.refusals\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"baseType\":\"RemoteDependencyData\"", sent, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Tables", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Token[(key.Token.LastIndexOf('_') + 1)..], sent, StringComparison.Ordinal);
    }
}
