using FunctionsMcp.OAuth.AccessKeys;

namespace FunctionsMcp.Cli.Connect;

/// <summary>Manus, printed only: the URL and the Authorization header to paste into a custom MCP server.</summary>
internal sealed class ManusSetup : ClientSetup
{
    public override string Client => "manus";

    public override string Title => "Manus";

    public override void Print(ConnectTarget target, ConnectOptions options, string? token, TextWriter output)
    {
        output.WriteLine($"URL:    {target.McpUrl}");
        output.WriteLine($"Header: {ConnectionLines.Header(token!)}");
        output.WriteLine("The key is shown only this once and stored only as a hash: paste it now.");
        if (target.IsLocal || !target.IsHttps)
            output.WriteLine(CloudWarning(target));
    }

    public override IReadOnlyList<string> NextSteps(ConnectTarget target, ConnectOptions options, bool hasKey) =>
    [
        "In Manus, add a custom MCP server (its settings, under integrations or connectors): paste the URL, and the header",
        "  as a custom header (name Authorization, value Bearer fmcp_…). Save it, and Manus lists the server's tools.",
        "  The exact names of Manus' fields were not confirmed here.",
    ];
}
