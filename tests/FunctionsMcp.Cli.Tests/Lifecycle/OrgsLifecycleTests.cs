using System.Net;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests.Lifecycle;

/// <summary><c>orgs suspend|resume|set-limits</c>: each changes what the organization's credentials get at <c>/mcp</c> within the identity cache's bound.</summary>
public sealed class OrgsLifecycleTests(AzuriteFixture azurite) : LifecycleTest(azurite)
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Suspend_RefusesEveryCredentialOfTheOrganization_AndResumeRestoresThem()
    {
        string adminKey = await KeyAsync("admin");
        string workerKey = await KeyAsync("worker");
        string token = await AccessTokenAsync("coordinator");
        foreach (string bearer in new[] { adminKey, workerKey, token })
            Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(bearer)).Status);

        CliResult suspended = await SucceedsAsync("orgs", "suspend", "--org", Org);

        Assert.Equal(
            [
                $"Suspended the organization {Org} (Lifecycle Org): every access key and OAuth connection of its users is refused within 5 seconds on every instance (IdentityCache:Seconds),",
                $"and its users cannot sign in. Nothing was revoked: 'orgs resume --org {Org}' restores them.",
                "",
            ],
            suspended.OutputLines);
        PassIdentityCacheBound();
        Assert.Equal((HttpStatusCode.Unauthorized, "The access key's organization is suspended."), await ListToolsAsync(adminKey));
        Assert.Equal((HttpStatusCode.Unauthorized, "The access key's organization is suspended."), await ListToolsAsync(workerKey));
        Assert.Equal((HttpStatusCode.Unauthorized, "The access token's organization is suspended."), await ListToolsAsync(token));

        CliResult resumed = await SucceedsAsync("orgs", "resume", "--org", Org);

        Assert.StartsWith($"Resumed the organization {Org} (Lifecycle Org): its access keys and OAuth connections", resumed.Output, StringComparison.Ordinal);
        PassIdentityCacheBound();
        foreach (string bearer in new[] { adminKey, workerKey, token })
            Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(bearer)).Status);
    }

    [Fact]
    public async Task Suspend_ASecondTime_ChangesNothingAndSaysSo()
    {
        CliResult resumeRunning = await SucceedsAsync("orgs", "resume", "--org", Org);
        await SucceedsAsync("orgs", "suspend", "--org", Org);
        CliResult again = await SucceedsAsync("orgs", "suspend", "--org", Org);

        Assert.Equal($"The organization {Org} (Lifecycle Org) was not suspended: nothing changed.", resumeRunning.Output.TrimEnd());
        Assert.Equal($"The organization {Org} (Lifecycle Org) was already suspended: nothing changed.", again.Output.TrimEnd());
        Assert.Equal(new Organization(Org, "Lifecycle Org", Suspended: true), await Cli.Identities.GetOrganizationAsync(Org, Cancel));
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("set-limits", "--per-credential", "5")]
    public async Task UnknownOrganization_IsNotFound(string verb, params string[] extra)
    {
        CliResult result = await Cli.RunAsync(["orgs", verb, "--org", "no-such-org", .. extra]);

        Assert.Equal((1, ""), (result.ExitCode, result.Output));
        Assert.Equal(["error: organization 'no-such-org' was not found: run 'orgs list' to see the organizations"], result.ErrorLines);
    }

    [Fact]
    public async Task SetLimits_PerCredential_RefusesTheRequestAfterTheNth()
    {
        string key = await KeyAsync("coordinator");
        string other = await KeyAsync("worker");
        for (int i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(key)).Status);

        CliResult result = await SucceedsAsync("orgs", "set-limits", "--org", Org, "--per-credential", "3/min");

        Assert.Equal(
            [
                $"Set the rate limits of organization {Org} (Lifecycle Org); within 5 seconds on every instance (IdentityCache:Seconds) they are:",
                "  per credential:       3 requests a minute",
                "  for the organization: the server's RateLimits:RequestsPerMinutePerOrganization (600 unless set)",
                "",
            ],
            result.OutputLines);
        // The next window (well past the identity cache's bound): the key had used 4 of this one, already past 3.
        Cli.Time.Advance(s_window);
        for (int i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(key)).Status);
        using HttpResponseMessage refused = await Server.PostMcpAsync(key, "tools/list");
        string message = (await AuthorizationServer.BodyAsync(refused))["error"]!["message"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("Too Many Requests: this connection may make 3 requests a minute; retry in 60 seconds.", message);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(other)).Status);
    }

    [Fact]
    public async Task SetLimits_PerOrganization_CountsEveryCredentialTogether()
    {
        string first = await KeyAsync("coordinator");
        string second = await KeyAsync("worker");

        await SucceedsAsync("orgs", "set-limits", "--org", Org, "--per-organization", "2");

        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(first)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ListToolsAsync(second)).Status);
        Assert.Equal(
            (HttpStatusCode.TooManyRequests, "Too Many Requests: your organization may make 2 requests a minute in all; retry in 60 seconds."),
            await ListToolsAsync(first));
    }

    [Fact]
    public async Task SetLimits_DefaultAndClear_GoBackToTheServersSettings()
    {
        string key = await KeyAsync("coordinator");
        await SucceedsAsync("orgs", "set-limits", "--org", Org, "--per-credential", "5", "--per-organization", "50");
        Assert.Equal("\"credential\";q=5;w=60, \"organization\";q=50;w=60", await PolicyAsync(key));

        CliResult one = await SucceedsAsync("orgs", "set-limits", "--org", Org, "--per-credential", "default");

        Assert.Equal("  per credential:       the server's RateLimits:RequestsPerMinutePerCredential (60 unless set)", one.OutputLines[1]);
        Assert.Equal("  for the organization: 50 requests a minute", one.OutputLines[2]);
        PassIdentityCacheBound();
        Assert.Equal("\"credential\";q=60;w=60, \"organization\";q=50;w=60", await PolicyAsync(key));

        await SucceedsAsync("orgs", "set-limits", "--org", Org, "--clear");
        CliResult again = await SucceedsAsync("orgs", "set-limits", "--org", Org, "--clear");

        Assert.Equal($"The rate limits of organization {Org} (Lifecycle Org) were already these: nothing changed.", again.OutputLines[0]);
        PassIdentityCacheBound();
        Assert.Equal("\"credential\";q=60;w=60, \"organization\";q=600;w=60", await PolicyAsync(key));
        Assert.Equal(new Organization(Org, "Lifecycle Org"), await Cli.Identities.GetOrganizationAsync(Org, Cancel));
    }

    [Theory]
    [InlineData("--per-credential '0' must be a whole number of requests a minute from 1 to 100000 (such as 120 or 120/min), or 'default'", "--per-credential", "0")]
    [InlineData("--per-credential '100001' must be a whole number of requests a minute from 1 to 100000 (such as 120 or 120/min), or 'default'", "--per-credential", "100001")]
    [InlineData("--per-credential '-5' must be a whole number of requests a minute from 1 to 100000 (such as 120 or 120/min), or 'default'", "--per-credential=-5")]
    [InlineData("--per-organization 'lots' must be a whole number of requests a minute from 1 to 1000000 (such as 120 or 120/min), or 'default'", "--per-organization", "lots")]
    [InlineData("--per-organization '10/hour' must be a whole number of requests a minute from 1 to 1000000 (such as 120 or 120/min), or 'default'", "--per-organization", "10/hour")]
    [InlineData("--clear resets both limits: give it alone, or reset one with --per-credential default or --per-organization default", "--clear", "--per-credential", "5")]
    [InlineData("'orgs set-limits' needs --per-credential, --per-organization or --clear")]
    public async Task SetLimits_BadValue_IsAUsageErrorAndChangesNothing(string problem, params string[] options)
    {
        CliResult result = await Cli.RunAsync(["orgs", "set-limits", "--org", Org, .. options]);

        Assert.Equal((2, ""), (result.ExitCode, result.Output));
        Assert.Equal("error: " + problem, result.ErrorLines[0]);
        Assert.Equal("usage: fmcp orgs set-limits --org <org> [--per-credential N] [--per-organization N] [--clear]", result.ErrorLines[1]);
        Assert.Equal(new Organization(Org, "Lifecycle Org"), await Cli.Identities.GetOrganizationAsync(Org, Cancel));
    }

    /// <summary>The limits a request was counted against, as the <c>RateLimit-Policy</c> header states them.</summary>
    private async Task<string> PolicyAsync(string key)
    {
        using HttpResponseMessage response = await Server.PostMcpAsync(key, "tools/list");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("RateLimit-Policy").Single();
    }
}
