using System.Globalization;
using FunctionsMcp.Cli.Doctor;

namespace FunctionsMcp.Cli.Commands;

/// <summary>
/// <c>doctor &lt;mcp-url&gt;</c>: walks the chain a client follows (DNS and TLS, the 401 challenge, resource and
/// authorization server metadata, the JWKS, and with a credential the MCP calls in both eras) and prints each step with
/// what was seen and the fix. Talks only HTTP to the server: no storage and no settings are needed.
/// </summary>
internal static class DoctorCommand
{
    public const int DefaultTimeoutSeconds = 10;
    public const int MaxTimeoutSeconds = 300;

    public static readonly CommandSpec Spec = new(
        "doctor", Required: [], Optional: [CliOptions.Key, CliOptions.Token, CliOptions.Timeout, CliOptions.Json],
        [new(
            "doctor <mcp-url> [--key <key> | --token <token>] [--timeout <seconds>] [--json]",
            "checks a server the way Claude, ChatGPT and the MCP SDKs reach it, one line per step\n" +
            "(✓ passed, ✗ failed, ! warning, – skipped) with what was seen and the fix. With a key or a token\n" +
            $"it also calls initialize, tools/list and a read-only tool in {McpWire.InitializeEraVersion} and {McpWire.PerRequestVersion}.\n" +
            $"Each request may take {DefaultTimeoutSeconds} s (--timeout). Exit 0 only when every required step passes")],
        RunAsync,
        Arguments: ["<mcp-url>"],
        Summary: "Checks a server the way an MCP client reaches it, step by step, and says how to fix each failure.",
        Examples:
        [
            "doctor https://func-mcp.azurewebsites.net/mcp    # discovery and OAuth metadata only",
            "doctor http://localhost:7071/mcp --key fmcp_abc_secret    # and initialize, tools/list and whoami with a key",
            "doctor https://func-mcp.azurewebsites.net/mcp --json --timeout 30    # steps as JSON, for scripts",
        ],
        Describe: new Dictionary<string, OptionHelp>
        {
            ["<mcp-url>"] = new(null, "The MCP endpoint as clients are given it, such as https://<app>/mcp."),
            [CliOptions.Key] = new("<key>", "An access key (fmcp_…) to call initialize, tools/list and a read-only tool with; never printed."),
            [CliOptions.Token] = new("<token>", "An OAuth access token from this server, instead of a key; never printed."),
            [CliOptions.Timeout] = new("<seconds>", $"How long each request may take (default {DefaultTimeoutSeconds})."),
            [CliOptions.Json] = new(null, "Prints the steps as a JSON array instead of lines."),
            [CliOptions.Storage] = new("\"<connection string>\"", "Not used: doctor reads no storage, only what the server answers."),
            [CliOptions.Url] = new("<base URL>", "Refused: give the MCP URL as the argument."),
        });

    private static async Task<int> RunAsync(CommandContext context)
    {
        ParsedArguments arguments = context.Arguments;
        if (arguments.Has(CliOptions.Url))
            return context.Usage("doctor takes the MCP URL as its argument, not --url: doctor https://<app>/mcp");
        if (arguments.Has(CliOptions.Key) && arguments.Has(CliOptions.Token))
            return context.Usage("give --key or --token, not both");
        (Uri? mcpUrl, string? problem) = McpUrl(arguments.Words[1]);
        if (mcpUrl is null)
            return context.Usage(problem!);
        int timeout = DefaultTimeoutSeconds;
        if (arguments[CliOptions.Timeout] is { } given
            && (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out timeout) || timeout is < 1 or > MaxTimeoutSeconds))
        {
            return context.Usage($"--timeout '{given}' is not a number of seconds from 1 to {MaxTimeoutSeconds}");
        }

        DoctorCredential? credential = arguments[CliOptions.Key] is { } key ? new DoctorCredential(key, IsAccessKey: true)
            : arguments[CliOptions.Token] is { } token ? new DoctorCredential(token, IsAccessKey: false)
            : null;
        using var probe = new HttpProbe(mcpUrl, TimeSpan.FromSeconds(timeout), context.Time);
        var session = new DoctorSession(mcpUrl, probe, credential, context.Time, context.CancellationToken);

        // Text is printed step by step, since a slow server can take a while; JSON once, whole.
        if (!context.Json)
        {
            DoctorReport.Header(context.Output, mcpUrl, probe.Timeout);
            context.Output.WriteLine();
        }

        IReadOnlyList<DoctorStep> steps = await DoctorRun.RunAsync(session, context.Json ? _ => { } : step => DoctorReport.Write(context.Output, step));
        if (context.Json)
            Output.Json(context.Output, steps);
        else
            DoctorReport.Summary(context.Output, steps);
        return steps.Any(s => s.Blocks) ? ExitCodes.Failed : ExitCodes.Success;
    }

    /// <summary>The URL to check; a bare host (no path) means its <c>/mcp</c>, as every deployment serves it there.</summary>
    private static (Uri? Url, string? Problem) McpUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
            return (null, $"'{text}' is not an http(s) URL: give the MCP URL, such as https://<app>.azurewebsites.net/mcp");
        if (url.Fragment.Length > 0 || url.UserInfo.Length > 0)
            return (null, $"'{text}' has a fragment or a user name: give the MCP URL as clients use it, such as https://<app>.azurewebsites.net/mcp");
        return url.AbsolutePath == "/" ? (new Uri(url, "/mcp"), null) : (url, null);
    }
}
