using System.Text.Json.Nodes;

namespace FunctionsMcp.Cli.Connect;

/// <summary>
/// VS Code: <c>.vscode/mcp.json</c> gets an http server whose Authorization header comes from a password input, so VS Code asks
/// for the key when it first starts the server and keeps it in its own secret storage; the file holds no key. The key is
/// left in the git-ignored key file, to paste from.
/// </summary>
internal sealed class VsCodeSetup : ClientSetup
{
    public const string ConfigFile = ".vscode/mcp.json";
    private const string Section = "servers";
    private const string Inputs = "inputs";

    public override string Client => "vscode";

    public override string Title => "VS Code";

    public override bool WritesKeyFile => true;

    public static string InputId(ConnectTarget target) => target.ServerName + "-key";

    public static JsonObject Entry(ConnectTarget target) => new()
    {
        ["type"] = "http",
        ["url"] = target.McpUrl,
        ["headers"] = new JsonObject { ["Authorization"] = $"Bearer ${{input:{InputId(target)}}}" },
    };

    public static JsonObject Input(ConnectTarget target) => new()
    {
        ["type"] = "promptString",
        ["id"] = InputId(target),
        ["description"] = $"FunctionsMcp access key for {target.McpUrl} ('fmcp connect vscode' left it in {target.KeyFileRelative})",
        ["password"] = true,
    };

    public override (IReadOnlyList<FileChange> Changes, string? Problem) Plan(ConnectTarget target, ConnectOptions options)
    {
        string path = Path.Combine(target.Directory, ".vscode", "mcp.json");
        (JsonObject? root, string? problem) = JsonConfigFile.Load(path, ConfigFile, options.Force);
        if (root is null)
            return ([], problem);
        if (root[Inputs] is not (null or JsonArray))
            return ([], $"{ConfigFile} has an '{Inputs}' that is not an array: fix it and run again");

        (bool changed, problem) = JsonConfigFile.AddServer(root, Section, target.ServerName, Entry(target), options.Force, ConfigFile);
        if (problem is not null)
            return ([], problem);
        // An input of the same id is kept as it is: it may already hold the key VS Code stored for it.
        var inputs = (JsonArray?)root[Inputs] ?? [];
        if (!inputs.Any(i => i?["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && (string?)i["id"] == InputId(target)))
        {
            inputs.Add(Input(target));
            root[Inputs] = inputs;
            changed = true;
        }

        return ([changed
            ? new FileChange(path, JsonConfigFile.Serialize(root), $"Wrote {ConfigFile}: server {target.ServerName}, which asks for the key (input {InputId(target)})")
            : new FileChange(path, null, $"{ConfigFile} already has server {target.ServerName} as fmcp writes it")], null);
    }

    public override void Print(ConnectTarget target, ConnectOptions options, string? token, TextWriter output)
    {
        // Written, not printed, unless --print.
        if (!options.Print)
            return;
        output.WriteLine($"Add to {ConfigFile} (it holds no key: VS Code asks for it and keeps it in its secret storage):");
        output.Write(JsonConfigFile.Serialize(new JsonObject
        {
            [Inputs] = new JsonArray(Input(target)),
            [Section] = new JsonObject { [target.ServerName] = Entry(target) },
        }));
        if (token is not null)
        {
            output.WriteLine();
            output.WriteLine($"The key, to paste when VS Code asks (shown only this once): {token}");
        }
    }

    public override IReadOnlyList<string> NextSteps(ConnectTarget target, ConnectOptions options, bool hasKey) =>
    [
        $"Open {target.Directory} in VS Code, open {ConfigFile} and choose Start above {target.ServerName} (or run 'MCP: List Servers').",
        options.Print
            ? "When VS Code asks for the FunctionsMcp access key, paste the key above."
            : $"When VS Code asks for the FunctionsMcp access key, paste the contents of {target.KeyFileRelative} " +
                $"(cat {target.KeyFileRelative}). VS Code keeps it; the file can go once it has.",
        $"In Copilot Chat's agent mode, {target.ServerName}'s tools appear in the tools list.",
    ];
}
