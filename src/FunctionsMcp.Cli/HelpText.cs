using System.Text;

namespace FunctionsMcp.Cli;

/// <summary>
/// The help of one group (<c>fmcp keys --help</c>: each command's synopsis and one line) and of one command
/// (<c>fmcp keys create --help</c>: its synopsis, every option with a sentence, and examples), built from the specs.
/// </summary>
internal static class HelpText
{
    public const string Tool = "fmcp";
    private const string Indent = "  ";
    private const string DetailIndent = "      ";
    private const int OptionWidth = 36;

    /// <summary>The groups, in the order the usage text lists their commands.</summary>
    public static IReadOnlyList<string> Groups => CliApp.Commands.Select(c => c.Group).Distinct().ToArray();

    public static IReadOnlyList<CommandSpec> InGroup(string group) => CliApp.Commands.Where(c => c.Group == group).ToArray();

    /// <summary>Said after a usage error when there is no command or group to show: the groups there are.</summary>
    public static string Overview() =>
        $"Commands: {string.Join(", ", Groups)}. Run '{Tool} <command> --help' for one of them, '{Tool} --help' for everything.\n";

    public static string ForGroup(string group)
    {
        var text = new StringBuilder();
        text.Append(Line($"{Tool} {group}: {string.Join(", ", InGroup(group).Select(c => c.Name[(group.Length + 1)..]))}"));
        text.Append('\n');
        foreach (CommandSpec command in InGroup(group))
        {
            foreach (UsageLine usage in command.Usage)
                text.Append(Line(Indent + Tool + " " + usage.Synopsis));
            text.Append(Line(DetailIndent + command.OneLine));
        }

        text.Append('\n');
        text.Append(Line($"Run '{Tool} {group} <command> --help' for a command's options and examples."));
        return text.ToString();
    }

    public static string ForCommand(CommandSpec command)
    {
        var text = new StringBuilder();
        text.Append(Line($"{Tool} {command.Name}: {command.OneLine}"));
        text.Append('\n');
        text.Append(Line("Usage:"));
        foreach (UsageLine usage in command.Usage)
        {
            text.Append(Line(Indent + Tool + " " + usage.Synopsis));
            foreach (string detail in usage.Summary.Split('\n'))
                text.Append(Line(DetailIndent + detail));
        }

        IReadOnlyList<string> arguments = command.Arguments ?? [];
        if (arguments.Count > 0)
        {
            text.Append('\n');
            text.Append(Line("Arguments:"));
            foreach (string argument in arguments)
                AppendEntry(text, argument, command.HelpFor(argument.Trim('[', ']')));
        }

        text.Append('\n');
        text.Append(Line("Options:"));
        foreach (string option in command.Required)
            AppendOption(text, command, option, required: true);
        foreach (string option in command.Optional.Concat(CliOptions.Global))
            AppendOption(text, command, option, required: false);

        IReadOnlyList<string> examples = command.Examples ?? [];
        if (examples.Count > 0)
        {
            text.Append('\n');
            text.Append(Line("Examples:"));
            foreach (string example in examples)
                text.Append(Line(Indent + Tool + " " + example));
        }

        text.Append('\n');
        text.Append(Line($"Settings, scopes and exit codes: '{Tool} --help'."));
        return text.ToString();
    }

    private static void AppendOption(StringBuilder text, CommandSpec command, string option, bool required)
    {
        OptionHelp? help = command.HelpFor(option);
        string label = "--" + option + (help?.Value is { } value ? " " + value : string.Empty);
        AppendEntry(text, label, help is null ? null : help with { Text = (required ? "Required. " : string.Empty) + help.Text });
    }

    private static void AppendEntry(StringBuilder text, string label, OptionHelp? help)
    {
        string description = help?.Text ?? "(not described)";
        // Two spaces at least between a label and its sentence; a longer label puts the sentence on the next line.
        text.Append(Line(Indent.Length + label.Length + 2 <= OptionWidth
            ? (Indent + label).PadRight(OptionWidth) + description
            : Indent + label + "\n" + new string(' ', OptionWidth) + description));
    }

    // Help is compared line by line in the tests and pasted into the README: one newline convention everywhere.
    private static string Line(string line) => line + "\n";
}
