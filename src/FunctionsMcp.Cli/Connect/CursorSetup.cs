using System.Text.Json.Nodes;

namespace FunctionsMcp.Cli.Connect;

/// <summary>
/// Cursor: <c>.cursor/mcp.json</c> gets a server whose Authorization header Cursor fills from an environment variable
/// (<c>${env:NAME}</c>) when it connects; the file holds no key, the git-ignored key file does, and the shell that starts
/// Cursor exports it.
/// </summary>
internal sealed class CursorSetup : ClientSetup
{
    public const string ConfigFile = ".cursor/mcp.json";
    private const string Section = "mcpServers";

    public override string Client => "cursor";

    public override string Title => "Cursor";

    public override bool WritesKeyFile => true;

    public static JsonObject Entry(ConnectTarget target) => new()
    {
        ["url"] = target.McpUrl,
        ["headers"] = new JsonObject { ["Authorization"] = $"Bearer ${{env:{target.KeyVariable}}}" },
    };

    public override (IReadOnlyList<FileChange> Changes, string? Problem) Plan(ConnectTarget target, ConnectOptions options) =>
        JsonConfigFile.PlanServer(Path.Combine(target.Directory, ".cursor", "mcp.json"), ConfigFile, Section, target.ServerName, Entry(target), options.Force,
            $"Wrote {ConfigFile}: server {target.ServerName}, whose key Cursor reads from ${target.KeyVariable}");

    public override void Print(ConnectTarget target, ConnectOptions options, string? token, TextWriter output)
    {
        // Written, not printed, unless --print.
        if (!options.Print)
            return;
        output.WriteLine($"Add to {ConfigFile} (it holds no key: Cursor reads it from ${target.KeyVariable}):");
        output.Write(JsonConfigFile.Serialize(new JsonObject { [Section] = new JsonObject { [target.ServerName] = Entry(target) } }));
        if (token is not null)
        {
            output.WriteLine();
            output.WriteLine($"Save the key in a folder git ignores (it is shown only this once):");
            output.WriteLine(SaveKeyLines(target, token));
        }
    }

    public override IReadOnlyList<string> NextSteps(ConnectTarget target, ConnectOptions options, bool hasKey) =>
    [
        $"Cursor fills the header from ${target.KeyVariable} in its own environment. Start it from a shell that has it:",
        $"  export {target.KeyVariable}=\"$(cat {target.KeyFile})\" && cursor {target.Directory}",
        "  (or put that export in your shell profile; a Cursor started from the dock or menu does not see it otherwise).",
        $"In Cursor Settings → MCP, {target.ServerName} appears from the project's {ConfigFile}: turn it on; its tools then show there.",
    ];
}
