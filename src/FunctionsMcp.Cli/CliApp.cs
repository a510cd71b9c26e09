using FunctionsMcp.Cli.Commands;
using Microsoft.Extensions.Configuration;

namespace FunctionsMcp.Cli;

/// <summary>
/// The CLI's entry point, apart from the process: parses the command line, checks it against the command's
/// spec, resolves the settings and runs the handler, turning fixable failures into one line on stderr.
/// </summary>
internal static class CliApp
{
    /// <summary>Every command, in the order the usage text lists them.</summary>
    public static readonly IReadOnlyList<CommandSpec> Commands =
        [
            OrgsCommands.List, UsersCommands.List, KeysCommands.Create, KeysCommands.List, KeysCommands.Revoke,
            ClientsCommands.Create, ClientsCommands.List, ClientsCommands.Delete, GrantsCommands.List, GrantsCommands.Revoke,
            SigningKeysCommands.List, SigningKeysCommands.Rotate, AuditCommands.Tail, DoctorCommand.Spec,
            // Lifecycle: what an administrator changes, each taking effect on the next request.
            UsersCommands.Disable, UsersCommands.Enable, UsersCommands.SetRole, OrgsCommands.Suspend, OrgsCommands.Resume, OrgsCommands.SetLimits,
            KeysCommands.Rotate, StateCommands.Prune,
            .. ConnectCommands.All,
        ];

    /// <summary>The word that asks for help instead of running: <c>fmcp help keys create</c>.</summary>
    public const string HelpWord = "help";

    public static Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, configuration, output, error, TimeProvider.System, cancellationToken);

    public static async Task<int> RunAsync(
        string[] args, IConfiguration configuration, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        (ParsedArguments? parsed, string? problem) = ArgumentParser.Parse(args);
        ParsedArguments arguments = parsed!;
        bool helpWord = arguments.Words.Count > 0 && arguments.Words[0] == HelpWord;
        bool help = helpWord || arguments.Has(CliOptions.Help);
        IReadOnlyList<string> words = helpWord ? arguments.Words.Skip(1).ToArray() : arguments.Words;
        (CommandSpec? command, string? group, string? notFound) = Find(words);

        // A typo in an option, a command or a group shows the help of what was meant; any other slip, the synopsis.
        if (problem is not null)
            return UsageError(error, problem, command, group, withHelp: arguments.Unknown.Count > 0);
        if (words.Count == 0)
        {
            output.Write(UsageText.Text);
            return ExitCodes.Success;
        }

        if (help && command is null && group is not null && words.Count == 1)
        {
            output.Write(HelpText.ForGroup(group));
            return ExitCodes.Success;
        }

        if (command is null)
            return UsageError(error, notFound!, null, group, withHelp: true);
        if (help)
        {
            output.Write(HelpText.ForCommand(command));
            return ExitCodes.Success;
        }

        if (command.UnknownOption(arguments) is { } unknown)
            return UsageError(error, unknown, command, group, withHelp: true);
        if (command.Check(arguments) is { } misuse)
            return UsageError(error, misuse, command);

        CliSettings settings = CliSettings.Resolve(configuration, arguments[CliOptions.Storage], arguments[CliOptions.Url]);
        await using var context = new CommandContext(command, arguments, settings, output, error, time, cancellationToken);
        try
        {
            return await command.RunAsync(context);
        }
        catch (Exception ex) when (CliFailures.Describe(ex) is { } lines)
        {
            foreach (string line in lines)
                error.WriteLine("error: " + line);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("error: cancelled.");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Says what is wrong with the command line and how to call the command; exit code 2.</summary>
    public static int UsageError(TextWriter error, string problem, CommandSpec? command) =>
        UsageError(error, problem, command, command?.Group, withHelp: false);

    /// <summary>
    /// Says what is wrong with the command line, then, with <paramref name="withHelp"/>, the help of the command (or else
    /// of the group) that was meant; without it, the command's synopsis. Exit code 2.
    /// </summary>
    public static int UsageError(TextWriter error, string problem, CommandSpec? command, string? group, bool withHelp)
    {
        error.WriteLine("error: " + problem);
        if (withHelp && command is not null)
        {
            error.Write(HelpText.ForCommand(command));
        }
        else if (withHelp && group is not null)
        {
            error.Write(HelpText.ForGroup(group));
        }
        else if (command is not null)
        {
            foreach (UsageLine line in command.Usage)
                error.WriteLine($"usage: {HelpText.Tool} {line.Synopsis}");
            error.WriteLine($"Run '{HelpText.Tool} {command.Name} --help' for its options and examples.");
        }
        else
        {
            error.Write(HelpText.Overview());
        }

        return ExitCodes.Usage;
    }

    /// <summary>The command the words name; or the group they name, with why no command; or why neither.</summary>
    private static (CommandSpec? Command, string? Group, string? Problem) Find(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            return (null, null, null);
        string group = words[0];
        // A one-word command (doctor) is its own group.
        if (Commands.FirstOrDefault(c => c.Name == group) is { } single)
            return (single, group, null);

        IReadOnlyList<CommandSpec> inGroup = HelpText.InGroup(group);
        if (inGroup.Count == 0)
            return (null, null, $"unknown command '{group}'");

        string verbs = string.Join(", ", inGroup.Select(c => c.Name));
        if (words.Count == 1)
            return (null, group, $"'{group}' needs a command: {verbs}");
        string name = group + " " + words[1];
        return inGroup.FirstOrDefault(c => c.Name == name) is { } command
            ? (command, group, null)
            : (null, group, $"unknown command '{name}': '{group}' has {verbs}");
    }
}
