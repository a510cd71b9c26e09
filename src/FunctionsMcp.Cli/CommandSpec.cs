namespace FunctionsMcp.Cli;

/// <summary>One line of the usage text: how to call a command, and what it does.</summary>
internal sealed record UsageLine(string Synopsis, string Summary);

/// <summary>What <c>--help</c> says of one option or argument: the placeholder for its value (none for a flag), and a sentence.</summary>
internal sealed record OptionHelp(string? Value, string Text);

/// <summary>A command and what its help says; the options are checked before the handler runs.</summary>
/// <param name="Name">Its words: <c>keys create</c>, or one word such as <c>doctor</c>.</param>
/// <param name="Required">The options it cannot run without.</param>
/// <param name="Optional">The other options it takes (every command also takes <see cref="CliOptions.Global"/>).</param>
/// <param name="Usage">How to call it and what it does, for the usage page and its help.</param>
/// <param name="RunAsync">The handler.</param>
/// <param name="Arguments">
/// The words that follow it (<c>&lt;key-id&gt;</c>; in brackets, <c>[&lt;grant-id&gt;]</c>, when the handler decides whether it is needed).
/// </param>
/// <param name="Summary">One line for the group's help (<c>fmcp keys --help</c>); without it, the first line of the first usage summary.</param>
/// <param name="Examples">Whole command lines that <c>fmcp keys create --help</c> shows, each with what it does after a <c>#</c>.</param>
/// <param name="Describe">
/// What an option (by name, without dashes) or an argument (<c>&lt;key-id&gt;</c>) means for this command, where it differs
/// from <see cref="OptionTexts.Common"/>.
/// </param>
internal sealed record CommandSpec(
    string Name,
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Optional,
    IReadOnlyList<UsageLine> Usage,
    Func<CommandContext, Task<int>> RunAsync,
    IReadOnlyList<string>? Arguments = null,
    string? Summary = null,
    IReadOnlyList<string>? Examples = null,
    IReadOnlyDictionary<string, OptionHelp>? Describe = null)
{
    /// <summary>How many words name the command; its arguments follow them.</summary>
    public int WordCount => Name.Count(c => c == ' ') + 1;

    /// <summary>The command's group: <c>keys</c> for <c>keys create</c>.</summary>
    public string Group => Name.Split(' ')[0];

    /// <summary>The line the group's help shows for this command.</summary>
    public string OneLine => Summary ?? Usage[0].Summary.Split('\n')[0];

    /// <summary>What <c>--help</c> says of <paramref name="name"/> (an option without dashes, or an argument), or null when nothing does.</summary>
    public OptionHelp? HelpFor(string name) =>
        Describe?.GetValueOrDefault(name) ?? OptionTexts.Common.GetValueOrDefault(name);

    /// <summary>The first option given that this command does not take, said as a problem; null when there is none.</summary>
    public string? UnknownOption(ParsedArguments arguments) =>
        arguments.Options.Keys.FirstOrDefault(o => !Required.Contains(o) && !Optional.Contains(o) && !CliOptions.Global.Contains(o)) is { } option
            ? $"option --{option} does not apply to '{Name}'"
            : null;

    /// <summary>What is wrong with how the command was called, or null when nothing is.</summary>
    public string? Check(ParsedArguments arguments)
    {
        if (UnknownOption(arguments) is { } unknown)
            return unknown;

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
