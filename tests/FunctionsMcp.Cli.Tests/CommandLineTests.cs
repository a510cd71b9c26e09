using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Cli.Tests;

/// <summary>
/// Help and usage errors. Storage points at a port where nothing listens, so a usage error that reached storage
/// would end in exit code 1, not 2: these prove the command line is checked before anything runs.
/// </summary>
public sealed class CommandLineTests : IAsyncDisposable
{
    private readonly CliHarness _cli = new(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = AzuriteProcess.ConnectionStringFor(AzuriteProcess.FreePort()),
        ["Storage:MaxRetries"] = "0",
    });

    public ValueTask DisposeAsync() => _cli.DisposeAsync();

    [Theory]
    [InlineData]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_PrintsTheUsageAndSucceeds(params string[] args)
    {
        CliResult result = await _cli.RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UsageText.Text, result.Output);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void Usage_ListsEveryCommandAndTheContract()
    {
        string[] lines = UsageText.Text.ReplaceLineEndings("\n").Split('\n');

        Assert.Contains("fmcp <command> [options]", lines);
        Assert.Contains("  dotnet run --project src/FunctionsMcp.Cli -- <command> [options]", lines);
        Assert.Contains("orgs list                                   id, name, suspended, rate-limit overrides", lines);
        Assert.Contains("users list --org <org>                      id, name, email, role, disabled", lines);
        Assert.Contains("keys create --org <org> --user <user> --name <name> [--scopes a,b,...] [--expires yyyy-MM-dd | --expires-in <N>d]", lines);
        Assert.Contains("                                              Manus header: Authorization: Bearer <key>", lines);
        Assert.Contains("keys revoke --org <org> <key-id>            takes effect on the next request; \"not found\" (exit 1) for an unknown id or another org's key", lines);
        Assert.Contains("clients create --org <org> --name <name> --redirect-uri <uri> [--redirect-uri <uri> ...]", lines);
        Assert.Contains("clients list --org <org>                    the organization's confidential clients: id, name, redirect URIs, created, last used;", lines);
        Assert.Contains("clients delete --org <org> <client-id>      deletes it and revokes its connections at once; \"not found\" (exit 1) for an unknown id", lines);
        Assert.Contains("grants list --org <org> [--user <user>]     OAuth connections, newest first: id, user, client id, scopes, created, last used,", lines);
        Assert.Contains("grants revoke --org <org> <grant-id>        stops its access and refresh tokens on their next use; \"not found\" (exit 1) for an", lines);
        Assert.Contains("grants revoke --org <org> --client <client-id> [--user <user>]", lines);
        Assert.Contains("audit tail --org <org> [--day yyyy-MM-dd] [--limit N]", lines);
        Assert.Contains("audit tail --key <key-id> [--limit N]       that credential's recent requests", lines);
        Assert.Contains("help / --help / no args                     usage", lines);
        Assert.Contains("<group> --help, <command> --help            one group's commands, or one command's options and examples", lines);
        Assert.Contains(lines, l => l.StartsWith("Exit codes: 0 success; 1 an operation failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("`--json` on any list command prints JSON instead", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("unknown command 'frobnicate'", "frobnicate")]
    [InlineData("'keys' needs a command: keys create, keys list, keys revoke, keys rotate", "keys")]
    [InlineData("unknown command 'keys delete': 'keys' has keys create, keys list, keys revoke, keys rotate", "keys", "delete")]
    [InlineData("unknown option --bogus", "orgs", "list", "--bogus")]
    [InlineData("unknown option -x", "orgs", "list", "-x")]
    [InlineData("option --json takes no value", "orgs", "list", "--json=yes")]
    [InlineData("'users list' needs --org", "users", "list")]
    [InlineData("option --org needs a value", "users", "list", "--org")]
    [InlineData("option --org needs a value", "users", "list", "--org", "--json")]
    [InlineData("option --org needs a value", "users", "list", "--org=")]
    [InlineData("option --org was given twice", "users", "list", "--org", "a", "--org", "b")]
    [InlineData("unexpected argument 'extra'", "orgs", "list", "extra")]
    [InlineData("option --user does not apply to 'orgs list'", "orgs", "list", "--user", "u")]
    [InlineData("'keys create' needs --name", "keys", "create", "--org", "o", "--user", "u")]
    [InlineData("option --json does not apply to 'keys create'", "keys", "create", "--org", "o", "--user", "u", "--name", "n", "--json")]
    [InlineData("--expires '2027-02-30' is not a date", "keys", "create", "--org", "o", "--user", "u", "--name", "n", "--expires", "2027-02-30")]
    [InlineData("--expires-in '30' is not a number of days", "keys", "create", "--org", "o", "--user", "u", "--name", "n", "--expires-in", "30")]
    [InlineData("--expires-in '0d' is not a number of days", "keys", "create", "--org", "o", "--user", "u", "--name", "n", "--expires-in", "0d")]
    [InlineData("give --expires or --expires-in, not both", "keys", "create", "--org", "o", "--user", "u", "--name", "n", "--expires", "2027-01-01", "--expires-in", "5d")]
    [InlineData("--scopes needs a comma-separated list", "keys", "create", "--org", "o", "--user", "u", "--name", "n", "--scopes", ",")]
    [InlineData("'keys revoke' needs <key-id>", "keys", "revoke", "--org", "o")]
    [InlineData("unexpected argument 'k2'", "keys", "revoke", "--org", "o", "k1", "k2")]
    [InlineData("'clients create' needs --redirect-uri", "clients", "create", "--org", "o", "--name", "n")]
    [InlineData("option --redirect-uri needs a value", "clients", "create", "--org", "o", "--name", "n", "--redirect-uri", "https://a.example/cb", "--redirect-uri")]
    [InlineData("option --name was given twice", "clients", "create", "--org", "o", "--name", "n", "--name", "m", "--redirect-uri", "https://a.example/cb")]
    [InlineData("option --redirect-uri does not apply to 'clients list'", "clients", "list", "--org", "o", "--redirect-uri", "https://a.example/cb")]
    [InlineData("'clients delete' needs <client-id>", "clients", "delete", "--org", "o")]
    [InlineData("'grants revoke' needs either <grant-id> or --client <client-id>", "grants", "revoke", "--org", "o")]
    [InlineData("'grants revoke' needs either <grant-id> or --client <client-id>", "grants", "revoke", "--org", "o", "--user", "u")]
    [InlineData("'grants revoke' needs either <grant-id> or --client <client-id>", "grants", "revoke", "--org", "o", "g1", "--client", "c")]
    [InlineData("--user applies to --client only", "grants", "revoke", "--org", "o", "g1", "--user", "u")]
    [InlineData("unexpected argument 'g2'", "grants", "revoke", "--org", "o", "g1", "g2")]
    [InlineData("option --client does not apply to 'grants list'", "grants", "list", "--org", "o", "--client", "c")]
    [InlineData("'audit tail' needs either --org <org> or --key <key-id>", "audit", "tail")]
    [InlineData("'audit tail' needs either --org <org> or --key <key-id>", "audit", "tail", "--org", "o", "--key", "k")]
    [InlineData("--day applies to --org only", "audit", "tail", "--key", "k", "--day", "2026-11-22")]
    [InlineData("--day '22/11/2026' is not a date", "audit", "tail", "--org", "o", "--day", "22/11/2026")]
    [InlineData("--limit '0' must be a whole number from 1 to 1000", "audit", "tail", "--org", "o", "--limit", "0")]
    [InlineData("--limit 'lots' must be a whole number from 1 to 1000", "audit", "tail", "--key", "k", "--limit", "lots")]
    [InlineData("'connect claude-code' needs --org and --user (to make a key), or --key <key>", "connect", "claude-code")]
    [InlineData("'connect manus' needs --org and --user (to make a key), or --key <key>", "connect", "manus", "--org", "o")]
    [InlineData("'connect claude-desktop' needs --org and --user (to make a key), or --key <key>", "connect", "claude-desktop", "--scopes", "goals:read")]
    [InlineData("--key takes a key you already have", "connect", "vscode", "--key", "fmcp_abc", "--org", "o")]
    [InlineData("--key must be an access key (fmcp_…)", "connect", "cursor", "--key", "abc")]
    [InlineData("--server-name 'my server' must start with a letter", "connect", "codex", "--key", "fmcp_abc", "--server-name", "my server")]
    [InlineData("--expires-in '0d' is not a number of days", "connect", "claude-code", "--org", "o", "--user", "u", "--expires-in", "0d")]
    [InlineData("option --write does not apply to 'connect vscode'", "connect", "vscode", "--write")]
    [InlineData("option --dir does not apply to 'connect manus'", "connect", "manus", "--dir", "/tmp")]
    [InlineData("unknown command 'connect zed'", "connect", "zed")]
    public async Task UsageError_ExitsWith2AndSaysWhatIsWrong(string expected, params string[] args)
    {
        CliResult result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("error: " + expected, result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains("fmcp", result.ErrorLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageError_OfAKnownCommand_ShowsHowToCallIt()
    {
        CliResult result = await _cli.RunAsync("audit", "tail");

        Assert.Equal(
            ["error: 'audit tail' needs either --org <org> or --key <key-id>",
             "usage: fmcp audit tail --org <org> [--day yyyy-MM-dd] [--limit N]",
             "usage: fmcp audit tail --key <key-id> [--limit N]",
             "Run 'fmcp audit tail --help' for its options and examples."],
            result.ErrorLines);
    }

    [Fact]
    public void Parse_ARepeatableOption_KeepsEveryValueInOrder()
    {
        (ParsedArguments? parsed, string? error) = ArgumentParser.Parse(
            ["clients", "create", "--redirect-uri", "https://b.example/cb", "--name", "n", "--redirect-uri=http://127.0.0.1:8765/cb"]);

        Assert.Null(error);
        Assert.Equal(["https://b.example/cb", "http://127.0.0.1:8765/cb"], parsed!.All("redirect-uri"));
        Assert.Equal(["n"], parsed.All("name"));
        Assert.Empty(parsed.All("org"));
    }

    [Fact]
    public void Parse_AcceptsOptionsAnywhereInBothForms()
    {
        (ParsedArguments? parsed, string? error) = ArgumentParser.Parse(["--org=sunrise", "keys", "revoke", "--storage", "UseDevelopmentStorage=true", "abc", "--", "--not-an-option"]);

        Assert.Null(error);
        Assert.Equal(["keys", "revoke", "abc", "--not-an-option"], parsed!.Words);
        Assert.Equal("sunrise", parsed["org"]);
        Assert.Equal("UseDevelopmentStorage=true", parsed["storage"]);
    }
}
