using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Monitor.OpenTelemetry.Exporter;
using FunctionsMcp.Mcp.Tests.Authorization;
using FunctionsMcp.Mcp.Tests.Models;
using FunctionsMcp.Mcp.Tests.Protection;
using FunctionsMcp.OAuth.AccessKeys;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.OAuth.Telemetry;
using FunctionsMcp.Storage;
using FunctionsMcp.Storage.Audit;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Telemetry;

/// <summary>
/// The app's metrics and what its OpenTelemetry pipeline would export, through real HTTP against Azurite, with telemetry
/// on (a connection string whose endpoints are a closed loopback port, so nothing leaves the machine) and OpenTelemetry's
/// in-memory exporters beside the Azure Monitor one.
/// </summary>
public sealed class TelemetryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>Ingestion and Live Metrics on 127.0.0.1:9 (discard, closed): the exporter has somewhere to fail to send to.</summary>
    public const string LoopbackConnectionString =
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/";

    private readonly LockedList<Activity> _spans = new();
    private readonly LockedList<LogRecord> _logs = new();
    private readonly LockedList<MetricSnapshot> _metrics = new();
    private SignInServer _flow = null!;
    private MetricCapture _capture = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private McpTestServer Server => _flow.Server;

    public async ValueTask InitializeAsync()
    {
        _flow = await SignInServer.StartAsync(azurite, new Dictionary<string, string?> { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = LoopbackConnectionString }, (_, services) =>
        {
            services.Configure<AzureMonitorExporterOptions>(o => (o.DisableOfflineStorage, o.EnableLiveMetrics, o.SamplingRatio, o.TracesPerSecond) = (true, false, 1F, null));
            services.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(_spans));
            services.ConfigureOpenTelemetryLoggerProvider(b => b.AddInMemoryExporter(_logs));
            services.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(_metrics));
            services.AddSingleton<IAuditStore>(sp => new FailingAuditStore(new TableAuditStore(sp.GetRequiredService<TableProvider>())));
        });
        _capture = new MetricCapture(Server.Services);
    }

    public async ValueTask DisposeAsync()
    {
        _capture.Dispose();
        await _flow.DisposeAsync();
    }

    private async Task<string> KeyAsync(params string[] scopes) => (await Server.CreateKeyAsync(_flow.Tenant, TestTenant.Coordinator, scopes)).Token;

    private Task<IReadOnlyList<Measurement>> ToolCallsAsync(string tool, string outcome) =>
        _capture.WaitForAsync("fmcp.mcp.tool_calls", m => m["tool"] == tool && m["outcome"] == outcome);

    private Task<IReadOnlyList<Measurement>> RefusalsAsync(string status, string reason, string endpoint = "mcp") =>
        _capture.WaitForAsync("fmcp.auth.refusals", m => m["status"] == status && m["reason"] == reason && m["endpoint"] == endpoint);

    [Fact]
    public async Task AToolCallThatSucceeds_CountsTheToolWithOutcomeOk()
    {
        ToolReply reply = await Server.CallAsync(Legacy, await KeyAsync(), "whoami");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Measurement call = Assert.Single(await ToolCallsAsync("whoami", "ok"));
        Assert.Equal(1, call.Value);
        Assert.Equal(["outcome", "tool"], call.Tags.Keys.Order());
    }

    [Fact]
    public async Task AToolCallThatFails_CountsItsOutcome_AndAnUnknownToolIsNotNamed()
    {
        string key = await KeyAsync();

        ToolReply missing = await Server.CallAsync(Legacy, key, "get_participant", new JsonObject { ["id"] = "pt_doesnotexist" });
        ToolReply unknown = await Server.CallAsync(Legacy, key, "no_such_tool_" + Guid.NewGuid().ToString("N"));

        Assert.True(missing.IsToolError);
        Assert.NotNull(unknown.Error);
        Assert.Single(await ToolCallsAsync("get_participant", "tool_error"));
        Assert.Single(await ToolCallsAsync("unknown", "error"));
        Assert.DoesNotContain(_capture.All, m => m["tool"]?.StartsWith("no_such_tool", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ARequestWithoutCredentials_Counts401()
    {
        using HttpResponseMessage response = await Server.Http.SendAsync(LegacyCall(null, "tools/call", Call("whoami")), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(await RefusalsAsync("401", FunctionsMcpMetrics.Refusals.Credential));
        Assert.Empty(_capture.Of("fmcp.mcp.tool_calls"));
    }

    [Fact]
    public async Task ACallBeyondTheCredentialsScopes_Counts403InsufficientScope_AndTheRejectedToolCall()
    {
        using HttpResponseMessage response = await Server.Http.SendAsync(LegacyCall(await KeyAsync(Scopes.ParticipantsRead), "tools/call", Call("write_probe")), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(await RefusalsAsync("403", FunctionsMcpMetrics.Refusals.InsufficientScope));
        Assert.Single(await ToolCallsAsync("write_probe", "rejected"));
    }

    [Fact]
    public async Task ARequestOverTheRateLimit_Counts429()
    {
        IIdentityStore identities = Server.Services.GetRequiredService<IIdentityStore>();
        Organization organization = (await identities.GetOrganizationAsync(_flow.Tenant.OrganizationId, Cancel))!;
        await identities.SaveOrganizationAsync(organization with { RequestsPerMinutePerCredential = 1 }, Cancel);
        string key = await KeyAsync();

        using HttpResponseMessage first = await Server.Http.SendAsync(LegacyCall(key, "ping"), Cancel);
        using HttpResponseMessage second = await Server.Http.SendAsync(LegacyCall(key, "ping"), Cancel);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode));
        Assert.Single(await RefusalsAsync("429", FunctionsMcpMetrics.Refusals.RateLimit));
    }

    [Fact]
    public async Task TokensIssuedForACode_AndForARefreshToken_AreCountedByGrantType()
    {
        (string clientId, JsonNode tokens) = await ConnectAsync();

        await _flow.Browser.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = tokens["refresh_token"]!.GetValue<string>() });

        Assert.Single(await _capture.WaitForAsync("fmcp.oauth.tokens", m => m["grant_type"] == "authorization_code"));
        Assert.Single(await _capture.WaitForAsync("fmcp.oauth.tokens", m => m["grant_type"] == "refresh_token"));
    }

    [Fact]
    public async Task AClientThatCannotAuthenticateAtToken_Counts401InvalidClient()
    {
        await _flow.Browser.TokenAsync(
            new() { ["grant_type"] = "refresh_token", ["client_id"] = "not-a-client-" + Guid.NewGuid().ToString("N"), ["refresh_token"] = "fmrt_x" }, HttpStatusCode.Unauthorized);

        Assert.Single(await RefusalsAsync("401", FunctionsMcpMetrics.Refusals.InvalidClient, "token"));
    }

    [Fact]
    public async Task AnAuditWriteThatFails_IsCounted()
    {
        FailingAuditStore store = (FailingAuditStore)Server.Services.GetRequiredService<IAuditStore>();
        store.Failing = true;

        ToolReply reply = await Server.CallAsync(Legacy, await KeyAsync(), "whoami");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Measurement lost = Assert.Single(await _capture.WaitForAsync("fmcp.audit.write_failures", _ => true));
        Assert.Equal((1, FunctionsMcpMetrics.AuditFailures.Failed), (lost.Value, lost["reason"]));
    }

    [Fact]
    public async Task ThePipeline_ExportsOurMetrics_AndTheTableStorageCallsAsSpans()
    {
        await Server.CallAsync(Legacy, await KeyAsync(), "whoami");
        await ToolCallsAsync("whoami", "ok");

        Server.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Server.Services.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.Contains(_metrics.Snapshot(), m => m.Name == "fmcp.mcp.tool_calls");
        Assert.Contains(_spans.Snapshot(), s => s.Source.Name.StartsWith("Azure.Data.Tables", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NothingRecorded_CarriesATokenAKeyANameOrARecordsContents()
    {
        IIdentityStore identities = Server.Services.GetRequiredService<IIdentityStore>();
        await identities.SaveUserAsync(new User(_flow.Tenant.OrganizationId, "named", "Orielle Vantablack", "orielle.vantablack@example.org", Role.Coordinator), Cancel);
        CreatedAccessKey key = await Server.Services.GetRequiredService<AccessKeyService>().CreateAsync(_flow.Tenant.OrganizationId, "named", "test", Scopes.All, null, Cancel)
            is ({ } created, _) ? created : throw new InvalidOperationException();
        string ndis = ToolCalls.NextNdis();
        JsonNode participant = await Server.OkAsync(Legacy, key.Token, "create_participant", ToolCalls.NewParticipant(ndis, given: "Quillonia", family: "Zephyrwood"));
        await Server.OkAsync(Legacy, key.Token, "list_participants", new JsonObject { ["search"] = "Zephyrwood" });
        await Server.OkAsync(Legacy, key.Token, "list_participants", new JsonObject { ["search"] = ndis });
        await Server.OkAsync(Legacy, key.Token, "get_participant", new JsonObject { ["id"] = participant["id"]!.GetValue<string>() });
        await Server.Http.SendAsync(LegacyCall(key.Token + "x", "ping"), Cancel);
        (string clientId, string code, JsonNode tokens) = await ConnectWithCodeAsync();
        JsonNode refreshed = await _flow.Browser.TokenAsync(new() { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = tokens["refresh_token"]!.GetValue<string>() });
        await Server.CallAsync(Legacy, tokens["access_token"]!.GetValue<string>(), "whoami");
        await _capture.WaitForAsync("fmcp.oauth.tokens", _ => true, total: 2);

        Server.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Server.Services.GetRequiredService<TracerProvider>().ForceFlush();
        Server.Services.GetRequiredService<LoggerProvider>().ForceFlush();
        string[] secrets =
        [
            key.Token, SecretOf(key.Token), code,
            tokens["access_token"]!.GetValue<string>(), tokens["refresh_token"]!.GetValue<string>(),
            refreshed["access_token"]!.GetValue<string>(), refreshed["refresh_token"]!.GetValue<string>(),
            "Orielle", "Vantablack", "orielle.vantablack", "Quillonia", "quillonia", "Zephyrwood", "zephyrwood", ndis, "1990-02-03", "Parramatta",
        ];
        List<string> recorded = [.. Recorded()];

        Assert.NotEmpty(_capture.All);
        Assert.Contains(recorded, text => text.Contains("/mcp", StringComparison.Ordinal) || text.Contains("whoami", StringComparison.Ordinal));
        List<string> leaks = recorded.Where(text => secrets.Any(secret => text.Contains(secret, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(leaks.Count == 0, "Recorded with a secret, name or record content in it:\n" + string.Join("\n", leaks));
    }

    /// <summary>
    /// The secret part of an access key (the 43 characters after the id). Not "what follows the last underscore": the
    /// secret is base64url and may hold underscores itself, which once left a few characters that an ordinary log line held.
    /// </summary>
    internal static string SecretOf(string token) =>
        AccessKeyFormat.TryParse(token, out _, out string secret) ? secret : throw new ArgumentException("Not an access key.", nameof(token));

    /// <summary>Every string the metrics, the exported spans and the exported logs carry.</summary>
    private IEnumerable<string> Recorded()
    {
        foreach (Measurement measurement in _capture.All)
        {
            foreach ((string tag, string? value) in measurement.Tags)
                yield return $"{measurement.Instrument} {tag}={value}";
        }

        foreach (MetricSnapshot metric in _metrics.Snapshot())
        {
            foreach (MetricPoint point in metric.MetricPoints)
            {
                foreach (KeyValuePair<string, object?> tag in point.Tags)
                    yield return $"{metric.Name} {tag.Key}={tag.Value}";
            }
        }

        foreach (Activity span in _spans.Snapshot())
        {
            yield return $"{span.Source.Name} {span.DisplayName} {span.StatusDescription}";
            foreach (KeyValuePair<string, object?> tag in span.TagObjects)
                yield return $"{span.DisplayName} {tag.Key}={tag.Value}";
            foreach (ActivityEvent e in span.Events)
            {
                foreach (KeyValuePair<string, object?> tag in e.Tags)
                    yield return $"{span.DisplayName} {e.Name} {tag.Key}={tag.Value}";
            }
        }

        foreach (LogRecord log in _logs.Snapshot())
        {
            yield return $"{log.CategoryName} {log.FormattedMessage} {log.Body} {log.Exception}";
            foreach (KeyValuePair<string, object?> attribute in log.Attributes ?? [])
                yield return $"{log.CategoryName} {attribute.Key}={attribute.Value}";
        }
    }

    private async Task<(string ClientId, JsonNode Tokens)> ConnectAsync()
    {
        (string clientId, _, JsonNode tokens) = await ConnectWithCodeAsync();
        return (clientId, tokens);
    }

    /// <summary>Registers a client, walks the flow as the coordinator, and redeems the code.</summary>
    private async Task<(string ClientId, string Code, JsonNode Tokens)> ConnectWithCodeAsync()
    {
        string clientId = await _flow.Browser.RegisterAsync();
        (string verifier, string challenge) = OAuthBrowser.Pkce();
        Uri callback = await _flow.Browser.WalkAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, "participants:read"), _flow.Coordinator);
        string code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        JsonNode tokens = await _flow.Browser.TokenAsync(new() { ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["code_verifier"] = verifier });
        return (clientId, code, tokens);
    }

    /// <summary>The real audit store, until <see cref="Failing"/> is set: then every write throws, as when storage is down.</summary>
    private sealed class FailingAuditStore(IAuditStore inner) : AuditStoreStandIn(inner)
    {
        public volatile bool Failing;

        public override Task<IReadOnlyList<AuditEntry>> WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
            Failing ? throw new InvalidOperationException("storage is down") : Inner.WriteAsync(entries, cancellationToken);
    }
}

/// <summary>A list the exporters add to from their threads while the test reads it.</summary>
internal sealed class LockedList<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count { get { lock (_items) return _items.Count; } }

    public bool IsReadOnly => false;

    public List<T> Snapshot() { lock (_items) return [.. _items]; }

    public void Add(T item) { lock (_items) _items.Add(item); }

    public void Clear() { lock (_items) _items.Clear(); }

    public bool Contains(T item) { lock (_items) return _items.Contains(item); }

    public void CopyTo(T[] array, int arrayIndex) { lock (_items) _items.CopyTo(array, arrayIndex); }

    public bool Remove(T item) { lock (_items) return _items.Remove(item); }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
