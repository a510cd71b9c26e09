using System.Text;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Cli;

/// <summary>The text <c>help</c>, <c>--help</c> and no arguments print; the commands' lines come from their specs.</summary>
internal static class UsageText
{
    private const int SynopsisWidth = 44;

    public static string Text { get; } = Build();

    private static string Build()
    {
        var text = new StringBuilder();
        text.AppendLine("FunctionsMcp admin CLI: organizations, users, access keys, OAuth clients and connections, and the audit trail, straight from Table Storage.");
        text.AppendLine();
        text.AppendLine($"{HelpText.Tool} <command> [options]");
        text.AppendLine($"  installed as a .NET tool (dotnet tool install FunctionsMcp.Cli); from a clone without installing:");
        text.AppendLine("  dotnet run --project src/FunctionsMcp.Cli -- <command> [options]");
        text.AppendLine();
        text.AppendLine("Settings: the same keys as the app, from environment variables (Storage__ConnectionString, Storage__TableServiceUri,");
        text.AppendLine("Storage__ManagedIdentityClientId, Server__BaseUrl) or the options --storage \"<connection string>\" and --url <public base URL>.");
        text.AppendLine($"With nothing set it uses {CliSettings.LocalStorage} (the local Azurite) and {CliSettings.LocalBaseUrl}, and says so on stderr.");
        text.AppendLine();
        foreach (UsageLine line in CliApp.Commands.SelectMany(c => c.Usage).Append(new UsageLine("help / --help / no args", "usage")))
            Append(text, line);
        Append(text, new UsageLine("<group> --help, <command> --help", $"one group's commands, or one command's options and examples\n(also {HelpText.Tool} help <group> [<command>])"));
        text.AppendLine();
        text.AppendLine("Scopes: " + string.Join(", ", Scopes.All));
        text.AppendLine("Exit codes: 0 success; 1 an operation failed (message on stderr naming what to fix); 2 usage error (unknown command/option, missing value).");
        text.AppendLine("Tables are printed as aligned plain-text columns; `--json` on any list command prints JSON instead.");
        return text.ToString();
    }

    private static void Append(StringBuilder text, UsageLine line)
    {
        string[] summary = line.Summary.Split('\n');
        if (line.Synopsis.Length < SynopsisWidth)
        {
            text.AppendLine((line.Synopsis.PadRight(SynopsisWidth) + summary[0]).TrimEnd());
            summary = summary[1..];
        }
        else
        {
            text.AppendLine(line.Synopsis);
        }

        foreach (string more in summary)
            text.AppendLine(new string(' ', SynopsisWidth) + more);
    }
}
