using System.Text.Json;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Cli.Tests.Commands;

public sealed class AuditCommandsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CliHarness _cli = new(azurite);
    private readonly string _org = CliHarness.UniqueOrganization();
    private readonly string _other = CliHarness.UniqueOrganization();
    private readonly string _key = "key" + Guid.NewGuid().ToString("N")[..17];
    private readonly string _otherKey = "key" + Guid.NewGuid().ToString("N")[..17];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => _cli.Time.GetUtcNow();

    public async ValueTask InitializeAsync()
    {
        await _cli.SeedOrganizationAsync(new Organization(_org, "Audit Org"));
        await _cli.SeedOrganizationAsync(new Organization(_other, "Other Org"));
        await _cli.Audit.WriteAsync(
            [
                Entry(_org, _key, Now.AddMinutes(-30), "tool-1"),
                Entry(_org, _key, Now.AddMinutes(-20), "tool-2"),
                Entry(_org, _otherKey, Now.AddMinutes(-10), "tool-3", status: 403, outcome: "forbidden"),
                Entry(_org, _key, Now.AddDays(-1), "yesterday"),
                Entry(_other, "otherorgkey", Now.AddMinutes(-5), "other-org-tool"),
            ],
            Cancel);
    }

    public ValueTask DisposeAsync() => _cli.DisposeAsync();

    private static AuditEntry Entry(string org, string credential, DateTimeOffset time, string tool, int status = 200, string outcome = "ok") =>
        new(time, org, "coordinator", nameof(CredentialKind.AccessKey), credential, null, "tools/call", tool, outcome, status, 12);

    private static string[] Tools(CliResult result) =>
        result.OutputLines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[6].Trim()).ToArray();

    [Fact]
    public async Task TailOrganization_ShowsTodayNewestFirstAndNothingOfAnotherOrganization()
    {
        CliResult result = await _cli.RunAsync("audit", "tail", "--org", _org);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.Matches("^TIME \\(UTC\\) +ORG +USER +CREDENTIAL +CLIENT +METHOD +TOOL +OUTCOME +STATUS +MS$", result.OutputLines[0]);
        Assert.Matches($"^2026-11-22 08:50:00  {_org}  coordinator  {_otherKey}  -  +tools/call  tool-3  forbidden  403  +12$", result.OutputLines[1]);
        Assert.Equal(["tool-3", "tool-2", "tool-1"], Tools(result));
        Assert.DoesNotContain("other-org-tool", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(_other, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TailOrganization_DayAndLimit_ChooseWhatIsShown()
    {
        CliResult yesterday = await _cli.RunAsync("audit", "tail", "--org", _org, "--day", "2026-11-21");
        CliResult newestTwo = await _cli.RunAsync("audit", "tail", "--org", _org, "--limit", "2");
        CliResult empty = await _cli.RunAsync("audit", "tail", "--org", _org, "--day", "2026-01-01");

        Assert.Equal(["yesterday"], Tools(yesterday));
        Assert.Equal(["tool-3", "tool-2"], Tools(newestTwo));
        Assert.Equal($"No requests recorded for organization '{_org}' on 2026-01-01 (UTC).", empty.OutputLines[0]);
    }

    [Fact]
    public async Task TailKey_ShowsThatCredentialsRequestsAcrossDays()
    {
        CliResult result = await _cli.RunAsync("audit", "tail", "--key", _key);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["tool-2", "tool-1", "yesterday"], Tools(result));
    }

    [Fact]
    public async Task Tail_Json_PrintsTheEntriesNewestFirst()
    {
        CliResult result = await _cli.RunAsync("audit", "tail", "--json", "--org", _org);

        Assert.Equal(0, result.ExitCode);
        JsonElement[] entries = [.. JsonDocument.Parse(result.Output).RootElement.EnumerateArray()];
        Assert.Equal(["tool-3", "tool-2", "tool-1"], entries.Select(e => e.GetProperty("tool").GetString()));
        Assert.Equal(_otherKey, entries[0].GetProperty("credentialId").GetString());
        Assert.Equal(403, entries[0].GetProperty("status").GetInt32());
        Assert.Equal(Now.AddMinutes(-10), entries[0].GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task TailOrganization_UnknownOrganization_FailsNamingIt()
    {
        CliResult result = await _cli.RunAsync("audit", "tail", "--org", "no-such-org");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: organization 'no-such-org' was not found: run 'orgs list' to see the organizations"], result.ErrorLines);
    }
}
