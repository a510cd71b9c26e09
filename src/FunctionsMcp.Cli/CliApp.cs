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
        ];

    public static Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, configuration, output, error, TimeProvider.System, cancellationToken);

    public static async Task<int> RunAsync(
        string[] args, IConfiguration configuration, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        (ParsedArguments? arguments, string? problem) = ArgumentParser.Parse(args);
        if (arguments is null)
            return UsageError(error, problem!, command: null);
        if (arguments.Words.Count == 0 || arguments.Words[0] == "help" || arguments.Has(CliOptions.Help))
        {
            output.Write(UsageText.Text);
            return ExitCodes.Success;
        }

        (CommandSpec? command, problem) = Find(arguments.Words);
        if (command is null)
            return UsageError(error, problem!, command: null);
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
    public static int UsageError(TextWriter error, string problem, CommandSpec? command)
    {
        error.WriteLine("error: " + problem);
        foreach (UsageLine line in command?.Usage ?? [])
            error.WriteLine("usage: " + line.Synopsis);
        error.WriteLine("Run with --help to see every command.");
        return ExitCodes.Usage;
    }

    private static (CommandSpec? Command, string? Problem) Find(IReadOnlyList<string> words)
    {
        string group = words[0];
        if (Commands.FirstOrDefault(c => c.Name == group) is { } single)
            return (single, null);

        CommandSpec[] inGroup = Commands.Where(c => c.Name.StartsWith(group + " ", StringComparison.Ordinal)).ToArray();
        if (inGroup.Length == 0)
            return (null, $"unknown command '{group}'");

        string verbs = string.Join(", ", inGroup.Select(c => c.Name));
        if (words.Count == 1)
            return (null, $"'{group}' needs a command: {verbs}");
        string name = group + " " + words[1];
        return inGroup.FirstOrDefault(c => c.Name == name) is { } command
            ? (command, null)
            : (null, $"unknown command '{name}': '{group}' has {verbs}");
    }
}
