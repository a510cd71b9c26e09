using System.Text.Json.Nodes;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Mcp.Tests.Authorization;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Mcp.Tests.Clients;

/// <summary>
/// The conformance suite's authorization-server test (0.2.0-alpha.12 <c>conformance authorization</c>, Node 22): it
/// checks our RFC 8414 metadata, then prints an authorization URL and waits at its own loopback callback while
/// the walker signs in and consents, and exchanges the code itself.
/// </summary>
public sealed class ConformanceAuthorizationTests(AzuriteFixture azurite) : OAuthClientTest(azurite)
{
    [Fact]
    public async Task SuiteAlpha_Authorization_PassesEveryCheck()
    {
        int port = AzuriteProcess.FreePort();
        using var browser = new OAuthBrowser(Server.BaseUrl);
        string clientId = await browser.RegisterAsync($"http://127.0.0.1:{port}/callback", "conformance authorization");
        string node = await NodeTool.Node22Async();
        string cli = Path.Combine(NodeTool.Root, "node_modules", "conformance-alpha", "dist", "index.js");
        string results = Path.Combine(Home, "results");

        var printed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<(int ExitCode, string Output, string Errors)> suite = NodeTool.RunAsync(node,
            [cli, "authorization", "--url", Server.BaseUrl, "--client-id", clientId, "--resource", Server.McpUrl, "-p", $"{port}", "-o", results],
            null, TimeSpan.FromSeconds(90),
            line => { if (line.StartsWith(Server.BaseUrl + "/authorize?", StringComparison.Ordinal)) printed.TrySetResult(line); });
        if (await Task.WhenAny(printed.Task, suite) == suite)
            Assert.Fail($"The suite printed no authorization URL:\n{(await suite).Output}");
        // The suite waits up to 5 minutes for its callback; the walker answers it (retrying until its listener is up).
        (int walked, _, string walk) = await NodeTool.RunAsync(Walker, ["--wait", await printed.Task],
            new Dictionary<string, string> { ["BROWSER_WALKER_FIELDS"] = $"user={Organization}/{User}" }, TimeSpan.FromSeconds(60));
        Assert.True(walked == 0, walk);
        (int exitCode, string output, string errors) = await suite;

        List<(string Id, string Status, string? Error)> checks = [.. Directory.GetFiles(results, "checks.json", SearchOption.AllDirectories)
            .SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!.AsArray())
            .Select(c => (c!["id"]!.GetValue<string>(), c["status"]!.GetValue<string>(), c["errorMessage"]?.GetValue<string>()))];
        Assert.True(exitCode == 0 && checks.All(c => c.Status == "SUCCESS"), $"{string.Join('\n', checks)}\n{output}\n{errors}");
        Assert.Equal(["authorization-code-grant", "authorization-server-metadata", "authorization-server-metadata-cimd"], checks.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.Single(await GrantsAsync(clientId));
    }
}
