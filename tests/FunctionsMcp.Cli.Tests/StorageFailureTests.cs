using FunctionsMcp.LocalDev;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests;

/// <summary>Failures an admin can fix end in one line on stderr naming the fix, exit code 1, and no stack trace.</summary>
public sealed class StorageFailureTests(AzuriteFixture azurite)
{
    public static TheoryData<string[]> Commands() => new(
        ["orgs", "list"],
        ["users", "list", "--org", "sunrise"],
        ["keys", "create", "--org", "sunrise", "--user", "sunrise-admin", "--name", "n"],
        ["keys", "list", "--org", "sunrise", "--json"],
        ["keys", "revoke", "--org", "sunrise", "aaaaaaaaaaaaaaaaaaaa"],
        ["clients", "create", "--org", "sunrise", "--name", "n", "--redirect-uri", "https://chatgpt.com/connector_platform_oauth_redirect"],
        ["clients", "list", "--org", "sunrise"],
        ["clients", "delete", "--org", "sunrise", "cc_000000000000000000000000"],
        ["grants", "list", "--org", "sunrise", "--user", "sunrise-admin"],
        ["grants", "revoke", "--org", "sunrise", "gr_00000000000000000000"],
        ["grants", "revoke", "--org", "sunrise", "--client", "cc_000000000000000000000000"],
        ["audit", "tail", "--org", "sunrise"],
        ["audit", "tail", "--key", "aaaaaaaaaaaaaaaaaaaa"]);

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task StorageUnreachable_SaysWhatToCheckInOneLine(string[] args)
    {
        await using var cli = new CliHarness(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteProcess.ConnectionStringFor(AzuriteProcess.FreePort()),
            ["Storage:MaxRetries"] = "0",
        });

        CliResult result = await cli.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("could not be reached", line, StringComparison.Ordinal);
        Assert.Contains("Check Storage__ConnectionString or Storage__TableServiceUri (or --storage): is Azurite running?", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongAccountKey_SaysTheCredentialWasRefused()
    {
        string wrongKey = azurite.ConnectionString.Replace("AccountKey=", "AccountKey=AAAA", StringComparison.Ordinal);
        await using var cli = new CliHarness(azurite);

        CliResult result = await cli.RunAsync("orgs", "list", "--storage", wrongKey);

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.Contains("The credential was refused: check the account key in Storage__ConnectionString", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:ConnectionString is not valid", "--storage", "nonsense")]
    [InlineData("Server:BaseUrl 'ftp://example.org' is not an absolute http(s) URL", "--url", "ftp://example.org")]
    public async Task BadSetting_IsNamedInOneLine(string expected, string option, string value)
    {
        await using var cli = new CliHarness(azurite);

        CliResult result = await cli.RunAsync("orgs", "list", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: " + expected, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
