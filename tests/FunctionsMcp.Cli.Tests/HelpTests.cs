using System.Text;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Cli.Tests;

/// <summary>
/// Per-group and per-command help, and the help a typo shows. Storage points at a port where nothing listens, so a
/// help or usage answer that reached storage would end in exit code 1.
/// </summary>
public sealed class HelpTests : IAsyncDisposable
{
    private readonly CliHarness _cli = new(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = AzuriteProcess.ConnectionStringFor(AzuriteProcess.FreePort()),
        ["Storage:MaxRetries"] = "0",
    });

    public ValueTask DisposeAsync() => _cli.DisposeAsync();

    private static CommandSpec KeysCreate => CliApp.Commands.Single(c => c.Name == "keys create");

    [Theory]
    [InlineData("keys", "--help")]
    [InlineData("keys", "-h")]
    [InlineData("help", "keys")]
    public async Task GroupHelp_ListsOnlyThatGroupsCommandsWithOneLineEach(params string[] args)
    {
        CliResult result = await _cli.RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.Equal(
            ["fmcp keys: create, list, revoke, rotate",
             "",
             "  fmcp keys create --org <org> --user <user> --name <name> [--scopes a,b,...] [--expires yyyy-MM-dd | --expires-in <N>d]",
             "      Makes a personal access key for a user and prints it once, with the lines to paste into a client.",
             "  fmcp keys list --org <org> [--user <user>]",
             "      Lists an organization's access keys (or one user's) with their status; never a secret.",
             "  fmcp keys revoke --org <org> <key-id>",
             "      Revokes an access key: the next request with it is refused (401).",
             "  fmcp keys rotate --org <org> <key-id>",
             "      Replaces an access key's secret: same name, owner and access; the old secret stops at once.",
             "",
             "Run 'fmcp keys <command> --help' for a command's options and examples.",
             ""],
            result.OutputLines);
    }

    [Theory]
    [InlineData("keys", "create", "--help")]
    [InlineData("help", "keys", "create")]
    [InlineData("keys", "create", "--org", "sunrise", "-h")]
    public async Task CommandHelp_ShowsTheSynopsisEveryOptionWithASentenceAndExamples(params string[] args)
    {
        CliResult result = await _cli.RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        string[] lines = result.OutputLines;
        Assert.Equal("fmcp keys create: Makes a personal access key for a user and prints it once, with the lines to paste into a client.", lines[0]);
        Assert.Contains("  fmcp keys create --org <org> --user <user> --name <name> [--scopes a,b,...] [--expires yyyy-MM-dd | --expires-in <N>d]", lines);
        Assert.Contains("  --org <org>                       Required. The organization's id ('orgs list' shows them; a tenant's organization id is its Entra tenant id).", lines);
        Assert.Contains("  --scopes a,b,...                  Comma-separated scopes (default: every scope the user's role allows); one beyond the role is refused.", lines);
        Assert.Contains("  --expires-in <N>d                 The key stops working N days from now, 1 to 3650 (not with --expires).", lines);
        Assert.Contains(lines, l => l.StartsWith("  --storage \"<connection string>\"   The table storage to use", StringComparison.Ordinal));
        string[] examples = lines.SkipWhile(l => l != "Examples:").Skip(1).TakeWhile(l => l.Length > 0).ToArray();
        Assert.Equal(KeysCreate.Examples!.Select(e => "  fmcp " + e), examples);
        Assert.Equal("Settings, scopes and exit codes: 'fmcp --help'.", lines[^2]);
    }

    [Fact]
    public async Task CommandHelp_OfACommandWithAnArgument_DescribesTheArgument()
    {
        CliResult result = await _cli.RunAsync("keys", "revoke", "--help");

        Assert.Equal(0, result.ExitCode);
        string[] arguments = result.OutputLines.SkipWhile(l => l != "Arguments:").Skip(1).TakeWhile(l => l.Length > 0).ToArray();
        Assert.Equal(["  <key-id>                          The key's id, as 'keys list --org <org>' shows it (in a key fmcp_<id>_<secret>, the part after 'fmcp_')."], arguments);
    }

    [Fact]
    public void EveryCommand_HasAOneLineSummaryASentenceForEachOptionAndArgumentAndOneToThreeExamples()
    {
        foreach (CommandSpec command in CliApp.Commands)
        {
            Assert.True(command.Summary is { Length: > 0 } summary && !summary.Contains('\n', StringComparison.Ordinal), $"'{command.Name}' has no one-line summary.");
            Assert.True(command.Examples is { Count: >= 1 and <= 3 }, $"'{command.Name}' needs 1 to 3 examples.");
            IEnumerable<string> described = command.Required.Concat(command.Optional).Concat(CliOptions.Global)
                .Concat((command.Arguments ?? []).Select(a => a.Trim('[', ']')));
            foreach (string name in described)
                Assert.True(command.HelpFor(name) is { Text.Length: > 0 }, $"'{command.Name}' does not describe {name}.");
        }
    }

    [Fact]
    public void EveryExample_IsACommandLineThatPassesItsCommandsChecks()
    {
        foreach (CommandSpec command in CliApp.Commands)
        {
            foreach (string example in command.Examples ?? [])
            {
                (ParsedArguments? parsed, string? problem) = ArgumentParser.Parse(Words(example));

                Assert.True(problem is null, $"'{example}': {problem}");
                Assert.Equal(command.Name, string.Join(' ', parsed!.Words.Take(command.WordCount)));
                Assert.True(command.Check(parsed) is null, $"'{example}': {command.Check(parsed)}");
            }
        }
    }

    [Theory]
    [InlineData("unknown option --bogus", "orgs", "list", "--bogus")]
    [InlineData("unknown option --orgg", "keys", "create", "--orgg", "sunrise", "--user", "u", "--name", "n")]
    [InlineData("option --user does not apply to 'orgs list'", "orgs", "list", "--user", "u")]
    public async Task UnknownOption_PrintsTheErrorAndThatCommandsHelpAndExits2(string expected, params string[] args)
    {
        CliResult result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        CommandSpec command = CliApp.Commands.Single(c => c.Name == args[0] + " " + args[1]);
        Assert.Equal($"error: {expected}\n{HelpText.ForCommand(command)}", result.Error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("unknown command 'keys delete': 'keys' has keys create, keys list, keys revoke, keys rotate", "keys", "delete")]
    [InlineData("'keys' needs a command: keys create, keys list, keys revoke, keys rotate", "keys")]
    [InlineData("unknown command 'keys delete': 'keys' has keys create, keys list, keys revoke, keys rotate", "help", "keys", "delete")]
    public async Task UnknownCommandOfAGroup_PrintsTheErrorAndTheGroupsHelpAndExits2(string expected, params string[] args)
    {
        CliResult result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal($"error: {expected}\n{HelpText.ForGroup("keys")}", result.Error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("help", "frobnicate")]
    public async Task UnknownGroup_NamesTheGroupsThereAreAndExits2(params string[] args)
    {
        CliResult result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: unknown command 'frobnicate'", HelpText.Overview().TrimEnd()], result.ErrorLines);
        Assert.StartsWith("Commands: orgs, users, keys, clients, grants, signing-keys, audit, doctor, state, connect", HelpText.Overview(), StringComparison.Ordinal);
        Assert.EndsWith(". Run 'fmcp <command> --help' for one of them, 'fmcp --help' for everything.\n", HelpText.Overview(), StringComparison.Ordinal);
    }

    // Splits an example as a shell would: on spaces, keeping double-quoted text together, up to a comment.
    private static List<string> Words(string example)
    {
        int comment = example.IndexOf(" #", StringComparison.Ordinal);
        string line = comment < 0 ? example : example[..comment];
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                (quoted, any) = (!quoted, true);
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                    words.Add(word.ToString());
                (word, any) = (new StringBuilder(), false);
            }
            else
            {
                (_, any) = (word.Append(c), true);
            }
        }

        if (any)
            words.Add(word.ToString());
        return words;
    }
}
