namespace FunctionsMcp.Cli.Connect;

/// <summary>
/// Where <c>connect</c> points a client: the server's MCP URL, the name of its entry in the client's configuration, and
/// the project folder whose git-ignored <c>.fmcp/</c> holds the key.
/// </summary>
internal sealed record ConnectTarget(string McpUrl, string ServerName, string Directory)
{
    /// <summary>The folder, in the project, that holds keys: git-ignored, never committed.</summary>
    public const string KeyFolder = ".fmcp";

    /// <summary>The key file, relative to the project folder, with '/' as clients' configurations write it.</summary>
    public string KeyFileRelative => $"{KeyFolder}/{ServerName}.token";

    public string KeyFile => Path.Combine(Directory, KeyFolder, ServerName + ".token");

    /// <summary>The environment variable a client reads the key from: FUNCTIONS_MCP_KEY for the server functions-mcp.</summary>
    public string KeyVariable => ServerName.ToUpperInvariant().Replace('-', '_') + "_KEY";

    /// <summary>True for a URL on this machine, which a client running in the cloud (Claude, Manus) cannot reach.</summary>
    public bool IsLocal =>
        Uri.TryCreate(McpUrl, UriKind.Absolute, out Uri? uri) && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));

    public bool IsHttps => McpUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
