using System.Diagnostics;
using System.Text.RegularExpressions;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests;

/// <summary>The built CLI run as its own process, with its settings from environment variables, as an admin runs it.</summary>
public sealed class CliProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task OrgsList_AsAProcess_ReadsTheStorageFromTheEnvironment()
    {
        string org = CliHarness.UniqueOrganization();
        await using (var cli = new CliHarness(azurite))
            await cli.SeedOrganizationAsync(new Organization(org, "Process Org"));

        (int exitCode, string output, string error) = await RunAsync(
            new Dictionary<string, string> { ["Storage__ConnectionString"] = azurite.ConnectionString }, "orgs", "list");

        Assert.True(exitCode == 0, error);
        Assert.Empty(error);
        // The columns are as wide as the widest value; other tests' organizations share this Azurite, so the gap varies.
        Assert.Contains(output.ReplaceLineEndings("\n").Split('\n'), l => Regex.IsMatch(l, $"^{Regex.Escape(org)} +Process Org "));
    }

    [Fact]
    public async Task ClientsCreate_AsAProcess_TakesEveryRedirectUriAndTheBaseUrlFromTheEnvironment()
    {
        string org = CliHarness.UniqueOrganization();
        await using var cli = new CliHarness(azurite);
        await cli.SeedOrganizationAsync(new Organization(org, "Process Org"));

        (int exitCode, string output, string error) = await RunAsync(
            new Dictionary<string, string> { ["Storage__ConnectionString"] = azurite.ConnectionString, ["Server__BaseUrl"] = "https://func-env.example.net" },
            "clients", "create", "--org", org, "--name", "ChatGPT",
            "--redirect-uri", "https://chatgpt.com/connector_platform_oauth_redirect", "--redirect-uri", "http://localhost:8765/cb");

        Assert.True(exitCode == 0, error);
        Assert.Empty(error);
        string[] lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("Redirect URIs: https://chatgpt.com/connector_platform_oauth_redirect, http://localhost:8765/cb", lines);
        Assert.Contains("  Token URL:                  https://func-env.example.net/token", lines);
        Assert.Equal(["https://chatgpt.com/connector_platform_oauth_redirect", "http://localhost:8765/cb"],
            Assert.Single(await cli.Clients.ListConfidentialAsync(org, TestContext.Current.CancellationToken)).RedirectUris);
    }

    [Fact]
    public async Task UsageError_AsAProcess_ExitsWith2()
    {
        (int exitCode, _, string error) = await RunAsync(new Dictionary<string, string>(), "keys", "create");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: 'keys create' needs --org", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_AsAProcess_PrintsThatCommandsHelpOnStderrAndExits2()
    {
        (int exitCode, string output, string error) = await RunAsync(new Dictionary<string, string>(), "keys", "list", "--orgg", "sunrise");

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        string[] lines = error.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("error: unknown option --orgg", lines[0]);
        Assert.Equal("fmcp keys list: Lists an organization's access keys (or one user's) with their status; never a secret.", lines[1]);
        Assert.Contains("Examples:", lines);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll());
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        // Only the settings given here: none inherited from whoever runs the tests.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Server__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        foreach ((string name, string value) in environment)
            start.Environment[name] = value;

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The CLI as built beside the tests (the project reference copies it, with its runtime configuration).</summary>
    private static string CliDll()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "FunctionsMcp.Cli.dll");
        Assert.True(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), $"{dll} has no runtime configuration beside it.");
        return dll;
    }
}
