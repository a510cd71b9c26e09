using System.Text.Json.Nodes;

namespace FunctionsMcp.Cli.Connect;

/// <summary>
/// Claude Code: the project's <c>.mcp.json</c> gets an http server whose <c>headersHelper</c>, a shell command Claude Code runs
/// when it connects, reads the key from the git-ignored key file and prints the Authorization header as JSON. The committed
/// file holds no key; each person keeps their own in <c>.fmcp/</c>.
/// </summary>
internal sealed class ClaudeCodeSetup : ClientSetup
{
    public const string ConfigFile = ".mcp.json";
    private const string Section = "mcpServers";

    public override string Client => "claude-code";

    public override string Title => "Claude Code";

    public override bool WritesKeyFile => true;

    /// <summary>The helper: prints {"Authorization":"Bearer …"} from the key file, or fails (and Claude Code says so) when it is missing.</summary>
    public static string HeadersHelper(ConnectTarget target) =>
        $"t=$(cat {target.KeyFileRelative}) && printf '{{\"Authorization\":\"Bearer %s\"}}' \"$t\"";

    public static JsonObject Entry(ConnectTarget target) => new()
    {
        ["type"] = "http",
        ["url"] = target.McpUrl,
        ["headersHelper"] = HeadersHelper(target),
    };

    public override (IReadOnlyList<FileChange> Changes, string? Problem) Plan(ConnectTarget target, ConnectOptions options) =>
        JsonConfigFile.PlanServer(Path.Combine(target.Directory, ConfigFile), ConfigFile, Section, target.ServerName, Entry(target), options.Force,
            $"Wrote {ConfigFile}: server {target.ServerName}, whose headersHelper reads the key from {target.KeyFileRelative}");

    public override void Print(ConnectTarget target, ConnectOptions options, string? token, TextWriter output)
    {
        // Written, not printed, unless --print.
        if (!options.Print)
            return;
        output.WriteLine($"Add to {ConfigFile} in the project (it holds no key, so it can be committed):");
        output.Write(JsonConfigFile.Serialize(new JsonObject { [Section] = new JsonObject { [target.ServerName] = Entry(target) } }));
        if (token is null)
            return;
        output.WriteLine();
        output.WriteLine($"Save the key where the helper reads it, in a folder git ignores (the key is shown only this once):");
        output.WriteLine(SaveKeyLines(target, token));
    }

    public override IReadOnlyList<string> NextSteps(ConnectTarget target, ConnectOptions options, bool hasKey) =>
    [
        $"Start Claude Code in {target.Directory}: the helper reads {target.KeyFileRelative} from the folder Claude Code runs in.",
        $"When Claude Code asks whether to use the project's MCP servers from {ConfigFile}, allow {target.ServerName}.",
        $"Run /mcp: {target.ServerName} shows as connected, and its tools are there to use.",
        $"Commit {ConfigFile} if you like; everyone else runs 'fmcp connect {Client}' with their own key. The helper is a POSIX shell " +
            "command (macOS, Linux, WSL, Git Bash).",
    ];
}
