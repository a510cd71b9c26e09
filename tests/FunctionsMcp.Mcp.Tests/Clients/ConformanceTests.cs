using System.Text.Json.Nodes;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Clients;

/// <summary>
/// The MCP conformance suite (npm @modelcontextprotocol/conformance, pinned; Node 22) against the app on loopback,
/// through the bearer-injecting proxy since the suite sends no credentials.
/// </summary>
public sealed class ConformanceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    /// <summary>The stateless scenario's checks that only wait a fixed window for stream frames.</summary>
    private static readonly HashSet<string> s_windowedChecks =
    [
        "sep-2575-server-no-log-without-loglevel", "sep-2575-server-sends-subscription-ack", "sep-2575-server-tags-subscription-id",
        "sep-2575-server-honors-notification-filter",
    ];
    private McpTestServer _server = null!;
    private BearerProxy _proxy = null!;
    private string _node = null!;

    private string ProxyUrl => $"http://127.0.0.1:{_proxy.Port}/mcp";

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite, services: s => s.AddMcpTools<ConformanceFixtureTools>());
        TestTenant tenant = await _server.CreateTenantAsync();
        string key = (await _server.CreateKeyAsync(tenant)).Token;
        _node = await NodeTool.Node22Async();
        _proxy = await BearerProxy.StartAsync(_node, _server.BaseUrl, key);
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>Runs one scenario and returns each check's id, status and message from the suite's checks.json.</summary>
    private async Task<List<(string Id, string Status, string? Error)>> RunAsync(string package, params string[] arguments)
    {
        string output = Directory.CreateTempSubdirectory("functionsmcp-conformance-").FullName;
        try
        {
            string cli = Path.Combine(NodeTool.Root, "node_modules", package, "dist", "index.js");
            (_, string stdout, string stderr) = await NodeTool.RunAsync(_node, [cli, "server", "--url", ProxyUrl, "-o", output, .. arguments], null, s_timeout);
            string[] files = Directory.GetFiles(output, "checks.json", SearchOption.AllDirectories);
            Assert.True(files.Length > 0, $"The suite wrote no results.\n{stdout}\n{stderr}");
            return files.SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!.AsArray())
                .Select(c => (c!["id"]!.GetValue<string>(), c["status"]!.GetValue<string>(), c["errorMessage"]?.GetValue<string>()))
                .ToList();
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static void AssertNoFailures(IEnumerable<(string Id, string Status, string? Error)> checks, params string[] knownGaps)
    {
        var failures = checks.Where(c => c.Status == "FAILURE" && !knownGaps.Contains(c.Id)).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => $"{f.Id}: {f.Error}")));
    }

    [Theory]
    [InlineData("server-initialize")]
    [InlineData("ping")]
    [InlineData("logging-set-level")]
    [InlineData("tools-list")]
    [InlineData("dns-rebinding-protection")]
    [InlineData("server-sse-multiple-streams")]
    public async Task Suite016_GenericServerScenario_Passes(string scenario)
    {
        List<(string Id, string Status, string? Error)> checks = await RunAsync("@modelcontextprotocol/conformance", "--scenario", scenario);

        Assert.NotEmpty(checks);
        AssertNoFailures(checks);
    }

    [Fact]
    public async Task SuiteAlpha_2026_HeaderValidation_Passes()
    {
        List<(string Id, string Status, string? Error)> checks = await RunAsync("conformance-alpha", "--spec-version", "2026-07-28", "--scenario", "http-header-validation");

        Assert.True(checks.Count >= 10);
        AssertNoFailures(checks);
    }

    [Fact]
    public async Task SuiteAlpha_2026_Stateless_PassesAllButTheMrtrStreamingCheck()
    {
        string[] scenario = ["--spec-version", "2026-07-28", "--scenario", "server-stateless"];
        List<(string Id, string Status, string? Error)> checks = await RunAsync("conformance-alpha", scenario);
        // These checks read a stream for a fixed 500-800 ms (the suite's own windows, not settable). On 2 cores with every
        // test assembly running at once, the first tool calls of a fresh server have missed that window (CI, 2026-12-02,
        // load average 30), while the same run passes alone. Such a miss gets one more run, which must pass whole.
        if (checks.Any(c => c.Status == "FAILURE") && checks.Where(c => c.Status == "FAILURE").All(c => s_windowedChecks.Contains(c.Id)))
            checks = await RunAsync("conformance-alpha", scenario);

        Assert.True(checks.Count(c => c.Status == "SUCCESS") >= 20);
        // Needs the fixture tool test_streaming_elicitation, which answers with an MRTR InputRequiredResult;
        // our tools never ask the client for input, so there is nothing of ours that check could exercise.
        AssertNoFailures(checks, "sep-2575-http-server-no-independent-requests-on-stream");
    }
}
