using System.Text;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace FunctionsMcp.Cli.Connect;

/// <summary>
/// Codex: a <c>[mcp_servers.NAME]</c> table in <c>~/.codex/config.toml</c> (or <c>$CODEX_HOME</c>) with the URL and
/// <c>bearer_token_env_var</c>, so Codex reads the key from an environment variable, never from its file. Printed unless
/// <c>--write</c>: it is the user's home folder, not the project. The key goes to the project's git-ignored key file.
/// </summary>
internal sealed partial class CodexSetup : ClientSetup
{
    public const string HomeVariable = "CODEX_HOME";
    public const string ConfigFileName = "config.toml";
    private const string Section = "mcp_servers";

    public override string Client => "codex";

    public override string Title => "Codex";

    public override bool WritesKeyFile => true;

    /// <summary>The folder Codex keeps its settings in: $CODEX_HOME, or ~/.codex.</summary>
    public static string Home(string? codexHome) =>
        string.IsNullOrWhiteSpace(codexHome) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codex") : codexHome;

    public static string Table(ConnectTarget target) =>
        $"[{Section}.{target.ServerName}]\nurl = \"{target.McpUrl}\"\nbearer_token_env_var = \"{target.KeyVariable}\"\n";

    public override (IReadOnlyList<FileChange> Changes, string? Problem) Plan(ConnectTarget target, ConnectOptions options)
    {
        if (!options.Write)
            return ([], null);
        string path = Path.Combine(options.CodexHome, ConfigFileName);
        string shownAs = path;
        string text = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        if (Read(text) is not { } model)
            return ([], $"{shownAs} is not valid TOML: fix it and run again");

        if (Server(model, target.ServerName) is { } existing)
        {
            if (existing.Count == 2 && existing.TryGetValue("url", out object? url) && url as string == target.McpUrl
                && existing.TryGetValue("bearer_token_env_var", out object? variable) && variable as string == target.KeyVariable)
                return ([new FileChange(path, null, $"{shownAs} already has server {target.ServerName} as fmcp writes it")], null);
            if (!options.Force)
                return ([], $"{shownAs} already has a server named '{target.ServerName}' that differs from what fmcp writes: " +
                    "run again with --force to replace it, or --server-name <another name> to add one beside it");
            text = WithoutTable(text, target.ServerName);
            if (Read(text) is not { } remaining || Server(remaining, target.ServerName) is not null)
                return ([], $"{shownAs} defines server '{target.ServerName}' in a form fmcp does not rewrite: remove it by hand and run again");
        }

        string separator = text.Length == 0 ? string.Empty : text.EndsWith("\n\n", StringComparison.Ordinal) ? string.Empty : text.EndsWith('\n') ? "\n" : "\n\n";
        string updated = text + separator + Table(target);
        // What is written must read back with the server as meant; otherwise nothing is written.
        if (Read(updated) is not { } check || Server(check, target.ServerName) is null)
            return ([], $"adding server '{target.ServerName}' to {shownAs} would not give valid TOML: add it by hand (without --write it is printed)");
        return ([new FileChange(path, updated, $"Wrote {shownAs}: server {target.ServerName}, whose key Codex reads from ${target.KeyVariable}")], null);
    }

    public override void Print(ConnectTarget target, ConnectOptions options, string? token, TextWriter output)
    {
        if (options.Write && !options.Print)
            return;
        output.WriteLine($"Add to {Path.Combine(options.CodexHome, ConfigFileName)} (it holds no key: Codex reads it from ${target.KeyVariable}),");
        output.WriteLine("or run again with --write to have fmcp add it:");
        output.Write(Table(target));
        if (options.Print && token is not null)
        {
            output.WriteLine();
            output.WriteLine($"The key (shown only this once), for the shell that starts Codex: export {target.KeyVariable}='{token}'");
        }
    }

    public override IReadOnlyList<string> NextSteps(ConnectTarget target, ConnectOptions options, bool hasKey) =>
    [
        $"Codex reads the key from ${target.KeyVariable}. In the shell that starts Codex (or your shell profile):",
        options.Print ? $"  export {target.KeyVariable}='<the key above>'" : $"  export {target.KeyVariable}=\"$(cat {target.KeyFile})\"",
        $"Start Codex and run /mcp: {target.ServerName} is listed with its tools.",
    ];

    private static TomlTable? Read(string text)
    {
        try
        {
            return text.Length == 0 ? new TomlTable() : TomlSerializer.Deserialize<TomlTable>(text);
        }
        catch (TomlException)
        {
            return null;
        }
    }

    private static TomlTable? Server(TomlTable model, string name) =>
        model.TryGetValue(Section, out object? servers) && servers is TomlTable table && table.TryGetValue(name, out object? server) ? server as TomlTable : null;

    // Removes the [mcp_servers.NAME] table and its sub-tables, up to the next table header of anything else.
    private static string WithoutTable(string text, string name)
    {
        var kept = new StringBuilder();
        bool inside = false;
        foreach (string line in text.Split('\n'))
        {
            Match header = TableHeader().Match(line);
            if (header.Success)
            {
                string key = header.Groups["key"].Value.Replace("\"", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
                inside = key == $"{Section}.{name}" || key.StartsWith($"{Section}.{name}.", StringComparison.Ordinal);
            }

            if (!inside)
                kept.Append(line).Append('\n');
        }

        string result = kept.ToString().TrimEnd('\n');
        return result.Length == 0 ? string.Empty : result + "\n";
    }

    [GeneratedRegex(@"^\s*\[\[?(?<key>[^\]]+)\]\]?\s*(#.*)?$")]
    private static partial Regex TableHeader();
}
