namespace FunctionsMcp.Cli;

/// <summary>One line of the usage text: how to call a command, and what it does.</summary>
internal sealed record UsageLine(string Synopsis, string Summary);

/// <summary>
/// A command: its words (<c>keys create</c>, or one word such as <c>doctor</c>), the options it requires and accepts, the words that follow it
/// (<c>&lt;key-id&gt;</c>; in brackets, <c>[&lt;grant-id&gt;]</c>, when the handler decides whether it is needed), its usage
/// lines and its handler. The options are checked before the handler runs.
/// </summary>
internal sealed record CommandSpec(
    string Name,
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Optional,
    IReadOnlyList<UsageLine> Usage,
    Func<CommandContext, Task<int>> RunAsync,
    IReadOnlyList<string>? Arguments = null)
{
    /// <summary>How many words name the command; its arguments follow them.</summary>
    public int WordCount => Name.Count(c => c == ' ') + 1;

    /// <summary>What is wrong with how the command was called, or null when nothing is.</summary>
    public string? Check(ParsedArguments arguments)
    {
        foreach (string option in arguments.Options.Keys)
        {
            if (!Required.Contains(option) && !Optional.Contains(option) && !CliOptions.Global.Contains(option))
                return $"option --{option} does not apply to '{Name}'";
        }

        foreach (string option in Required)
        {
            if (!arguments.Has(option))
                return $"'{Name}' needs --{option}";
        }

        IReadOnlyList<string> expected = Arguments ?? [];
        int required = expected.Count(a => !a.StartsWith('['));
        string[] given = arguments.Words.Skip(WordCount).ToArray();
        if (given.Length > expected.Count)
            return $"unexpected argument '{given[expected.Count]}'";
        if (given.Length < required)
            return $"'{Name}' needs {expected[given.Length]}";
        return null;
    }
}
