using System.Text.Json.Nodes;
using FunctionsMcp.Cli.Tests.Doctor;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.Cli.Tests.Commands;

/// <summary>
/// <c>doctor</c> pointed at what is not a FunctionsMcp server (nothing listening, a web page, a redirect loop, a
/// certificate this machine does not trust), and called wrongly: a clear ✗ or a usage error, never a stack trace.
/// </summary>
public sealed class DoctorBadInputTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string CatchAllPage =
        "<!DOCTYPE html><html><head><title>Care Portal</title></head><body><div id=\"root\">Loading…</div></body></html>";

    private readonly CliHarness _cli = new(azurite);
    private LoopbackSite? _site;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_site is not null)
            await _site.DisposeAsync();
        await _cli.DisposeAsync();
    }

    private static void AssertNoStackTrace(CliResult result)
    {
        Assert.Empty(result.Error);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_UrlWhereNothingListens_SaysNothingAnsweredAndStops()
    {
        string url = $"http://127.0.0.1:{AzuriteProcess.FreePort()}";

        CliResult result = await _cli.RunAsync("doctor", url + "/mcp");

        Assert.Equal(1, result.ExitCode);
        AssertNoStackTrace(result);
        result.AssertStep("✓", "DNS", "127.0.0.1 is an IP address: nothing to resolve");
        result.AssertStep("✗", "Reach the server", $"nothing answered at {url} (connection refused)");
        Assert.Equal("Start the app (dotnet run --project src/FunctionsMcp.Host) or check the port in the URL.", result.Fix("Reach the server"));
        Assert.Equal(2, result.Steps().Length);
        Assert.Equal("1 of 2 required steps failed: reach.", result.OutputLines.Last(l => l.Length > 0));
    }

    [Fact]
    public async Task Doctor_UrlWhereNothingListens_Json_IsTheTwoStepsRun()
    {
        CliResult result = await _cli.RunAsync("doctor", $"http://127.0.0.1:{AzuriteProcess.FreePort()}/mcp", "--json");

        Assert.Equal(1, result.ExitCode);
        JsonArray steps = JsonNode.Parse(result.Output)!.AsArray();
        Assert.Equal(["dns", "reach"], steps.Select(s => s!["name"]!.GetValue<string>()));
        Assert.False(steps[1]!["ok"]!.GetValue<bool>());
        Assert.StartsWith("Start the app", steps[1]!["fix"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_SiteAnsweringEveryPathWithAnHtmlPage_FailsEachStepClearly()
    {
        _site = await LoopbackSite.StartAsync(context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(CatchAllPage);
        });

        CliResult result = await _cli.RunAsync("doctor", _site.BaseUrl + "/mcp", "--key", "fmcp_not_a_real_key");

        Assert.Equal(1, result.ExitCode);
        AssertNoStackTrace(result);
        result.AssertStep("✓", "Reach the server", $"{_site.BaseUrl} answered over plain http (loopback)");
        result.AssertStep("✗", "POST /mcp without a credential", "answered 200 with an HTML page titled \"Care Portal\", not an MCP endpoint's 401");
        Assert.StartsWith("Something other than FunctionsMcp answers here", result.Fix("POST /mcp without a credential"), StringComparison.Ordinal);
        result.AssertStep("✗", "Resource metadata at /.well-known/oauth-protected-resource/mcp",
            "/.well-known/oauth-protected-resource/mcp answered 200 with an HTML page titled \"Care Portal\", not JSON");
        result.AssertStep("✗", "Authorization server metadata", "/.well-known/oauth-authorization-server answered 200 with an HTML page");
        result.AssertStep("✗", "initialize (2025-06-18)", "initialize answered 200 with an HTML page titled \"Care Portal\"");
    }

    [Fact]
    public async Task Doctor_SiteAnsweringJsonThatDoesNotParse_SaysSoWithoutCrashing()
    {
        _site = await LoopbackSite.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"resource\": \"http://");
        });

        CliResult result = await _cli.RunAsync("doctor", _site.BaseUrl + "/mcp", "--key", "fmcp_not_a_real_key");

        Assert.Equal(1, result.ExitCode);
        AssertNoStackTrace(result);
        result.AssertStep("✗", "Resource metadata at /.well-known/oauth-protected-resource/mcp",
            "/.well-known/oauth-protected-resource/mcp answered a body that is not valid JSON (");
        result.AssertStep("✗", "initialize (2025-06-18)", "initialize answered 200 application/json with no JSON-RPC reply to request 1");
    }

    [Fact]
    public async Task Doctor_TrailingSlashRedirectLoop_SaysItLoopsAndWhatToFix()
    {
        // Two rules fighting: one adds a trailing slash, the other removes it.
        _site = await LoopbackSite.StartAsync(context =>
        {
            string path = context.Request.Path.Value!;
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = path.EndsWith('/') ? path.TrimEnd('/') : path + "/";
            return Task.CompletedTask;
        });

        CliResult result = await _cli.RunAsync("doctor", _site.BaseUrl + "/mcp");

        Assert.Equal(1, result.ExitCode);
        AssertNoStackTrace(result);
        result.AssertStep("✗", "POST /mcp without a credential", "redirects in a loop: /mcp → /mcp/ → /mcp");
        Assert.Equal(
            "Something in front of the app (a proxy rule, a trailing-slash rewrite, or HTTPS or authentication settings) redirects in a loop: make it pass /mcp to the app unchanged.",
            result.Fix("POST /mcp without a credential"));
        result.AssertStep("✗", "Resource metadata at /.well-known/oauth-protected-resource",
            "redirects in a loop: /.well-known/oauth-protected-resource → /.well-known/oauth-protected-resource/ → /.well-known/oauth-protected-resource");
    }

    [Fact]
    public async Task Doctor_CertificateThisMachineDoesNotTrust_FailsAtTls()
    {
        await using HttpsDocumentHost host = await HttpsDocumentHost.StartAsync(TestContext.Current.CancellationToken);

        CliResult result = await _cli.RunAsync("doctor", host.Url("/mcp"));

        Assert.Equal(1, result.ExitCode);
        AssertNoStackTrace(result);
        result.AssertStep("✗", "Reach the server", "TLS with localhost failed: its certificate for localhost is not trusted by this machine (self-signed, expired, or from an unknown authority)");
        Assert.StartsWith("Serve localhost with a certificate that names it and that this machine trusts", result.Fix("Reach the server"), StringComparison.Ordinal);
        Assert.Equal(0, host.Requests);
    }

    [Fact]
    public async Task Doctor_ServerThatNeverAnswers_GivesUpAfterTimeoutSeconds()
    {
        // Accepts the request and holds it until the client leaves, as an app stuck on a dependency does.
        _site = await LoopbackSite.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));

        CliResult result = await _cli.RunAsync("doctor", _site.BaseUrl + "/mcp", "--timeout", "1");

        Assert.Equal(1, result.ExitCode);
        AssertNoStackTrace(result);
        Assert.Equal("Checking " + _site.BaseUrl + "/mcp as an MCP client would (each request may take up to 1 s).", result.OutputLines[0]);
        result.AssertStep("✗", "Reach the server", $"no answer from {_site.BaseUrl} within 1 s");
        Assert.EndsWith("retry, or raise --timeout.", result.Fix("Reach the server"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_HttpUrlOnAnHttpsPort_SaysTheSchemeOrPortIsWrong()
    {
        await using HttpsDocumentHost host = await HttpsDocumentHost.StartAsync(TestContext.Current.CancellationToken);

        CliResult result = await _cli.RunAsync("doctor", $"http://127.0.0.1:{host.Port}/mcp");

        Assert.Equal(1, result.ExitCode);
        AssertNoStackTrace(result);
        result.AssertStep("✗", "Reach the server", $"http://127.0.0.1:{host.Port} did not answer in HTTP (");
        Assert.Equal("Check the scheme and port: http:// to an https port (or the reverse) gets no HTTP answer.", result.Fix("Reach the server"));
    }

    [Theory]
    [InlineData("error: 'doctor' needs <mcp-url>", "doctor")]
    [InlineData("error: 'mcp.example.org/mcp' is not an http(s) URL", "doctor", "mcp.example.org/mcp")]
    [InlineData("error: give --key or --token, not both", "doctor", "https://mcp.example.org/mcp", "--key", "a", "--token", "b")]
    [InlineData("error: --timeout '0' is not a number of seconds from 1 to 300", "doctor", "https://mcp.example.org/mcp", "--timeout", "0")]
    [InlineData("error: doctor takes the MCP URL as its argument, not --url", "doctor", "https://mcp.example.org/mcp", "--url", "https://mcp.example.org")]
    [InlineData("error: option --org does not apply to 'doctor'", "doctor", "https://mcp.example.org/mcp", "--org", "x")]
    [InlineData("error: unexpected argument 'extra'", "doctor", "https://mcp.example.org/mcp", "extra")]
    public async Task Doctor_CalledWrongly_SaysWhyWithItsUsageAndExits2(string error, params string[] args)
    {
        CliResult result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(error, result.ErrorLines[0], StringComparison.Ordinal);
        // The synopsis, or (for an option doctor does not take) its whole help, which starts with the same synopsis.
        Assert.Contains(result.ErrorLines, line => line.EndsWith(
            "fmcp doctor <mcp-url> [--key <key> | --token <token>] [--timeout <seconds>] [--json]", StringComparison.Ordinal));
        Assert.Empty(result.Output);
    }
}
