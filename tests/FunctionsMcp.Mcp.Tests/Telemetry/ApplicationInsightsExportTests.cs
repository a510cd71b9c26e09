using System.IO.Compression;
using System.Net;
using System.Text;
using Azure.Monitor.OpenTelemetry.Exporter;
using FunctionsMcp.LocalDev;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
    private readonly List<string> _received = [];
    private WebApplication _ingestion = null!;
    private McpTestServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// The stand-in is a Kestrel app, which stops cleanly with requests in flight. It was an <c>HttpListener</c>, whose
    /// <c>Stop</c> on Linux can miss a <c>GetContextAsync</c> begun at the same moment (after the exporter's last send
    /// at shutdown): that wait never ended and held a full CI run for over ten minutes.
    /// </summary>
    public async ValueTask InitializeAsync()
    {
        int port = AzuriteProcess.FreePort();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        _ingestion = builder.Build();
        _ingestion.Run(ReceiveAsync);
        await _ingestion.StartAsync(Cancel);

        string connectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:{port}/;LiveEndpoint=http://127.0.0.1:9/";
        _server = McpTestServer.Start(azurite, new Dictionary<string, string?> { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString }, services: s =>
            s.Configure<AzureMonitorExporterOptions>(o => (o.DisableOfflineStorage, o.EnableLiveMetrics, o.SamplingRatio, o.TracesPerSecond) = (true, false, 1F, null)));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _ingestion.DisposeAsync();
    }

    /// <summary>Answers every track request as accepted, keeping its (gzipped, newline-delimited JSON) body.</summary>
    private async Task ReceiveAsync(HttpContext context)
    {
        Stream body = context.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
        using (var reader = new StreamReader(body, Encoding.UTF8))
        {
            string text = await reader.ReadToEndAsync(context.RequestAborted);
            lock (_received)
                _received.Add(text);
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync("""{"itemsReceived":0,"itemsAccepted":0,"errors":[]}"""u8.ToArray(), context.RequestAborted);
    }

    /// <summary>
    /// What the stand-in has received once every one of <paramref name="expected"/> is in it, or after 30 seconds.
    /// <c>ForceFlush</c> returning is not enough: the exporter's send of the spans sometimes reached the stand-in after it.
    /// </summary>
    private async Task<string> ReceivedAsync(params string[] expected)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            string sent;
            lock (_received)
                sent = string.Join('\n', _received);
            if (expected.All(text => sent.Contains(text, StringComparison.Ordinal)) || DateTime.UtcNow > deadline)
                return sent;
            await Task.Delay(50, Cancel);
        }
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

        string[] expected = ["\"name\":\"fmcp.mcp.tool_calls\"", "\"tool\":\"whoami\"", "\"name\":\"fmcp.auth.refusals\"", "\"baseType\":\"RemoteDependencyData\"", "Microsoft.Tables"];
        string sent = await ReceivedAsync(expected);
        Assert.All(expected, text => Assert.Contains(text, sent, StringComparison.Ordinal));
        Assert.DoesNotContain(TelemetryTests.SecretOf(key.Token), sent, StringComparison.Ordinal);
    }
}
