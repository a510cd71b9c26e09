using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsMcp.Cli.Connect;
using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.AccessKeys;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Cli.Commands;

/// <summary>
/// <c>connect &lt;client&gt;</c>: makes a key (as <c>keys create</c> does) or takes <c>--key</c>, and writes or prints that
/// client's configuration. A file-based client reads the key at connection time from the project's git-ignored key file,
/// or from an environment variable; no committed file ever holds it. Files are planned first: a refusal (an entry of the
/// same name, a file that does not parse) leaves no key behind.
/// </summary>
internal static partial class ConnectCommands
{
    private static readonly string[] s_keyOptions =
        [CliOptions.Org, CliOptions.User, CliOptions.Key, CliOptions.Name, CliOptions.Scopes, CliOptions.Expires, CliOptions.ExpiresIn, CliOptions.ServerName];

    private static readonly string[] s_fileOptions = [CliOptions.Dir, CliOptions.Print, CliOptions.Force];

    public static readonly IReadOnlyList<CommandSpec> All =
    [
        Spec(new ClaudeCodeSetup(), s_fileOptions,
            "writes .mcp.json with an http server whose headersHelper reads the key from .fmcp/<server>.token (git-ignored)",
            ["connect claude-code --org sunrise --user sunrise-coordinator",
             "connect claude-code --org sunrise --user sunrise-worker --scopes participants:read,goals:read --expires-in 90d --dir ~/src/care-notes",
             "connect claude-code --key fmcp_5bdpfws3zcbn4gdosena_… --print   # an existing key; writes nothing"]),
        Spec(new CodexSetup(), [.. s_fileOptions, CliOptions.Write],
            "prints the ~/.codex/config.toml entry (bearer_token_env_var; --write adds it); the key goes to .fmcp/<server>.token",
            ["connect codex --org sunrise --user sunrise-coordinator            # prints the entry to add",
             "connect codex --org sunrise --user sunrise-coordinator --write    # adds it to ~/.codex/config.toml"]),
        Spec(new VsCodeSetup(), s_fileOptions,
            "writes .vscode/mcp.json with an http server that asks for the key (a password input); the key waits in .fmcp/<server>.token",
            ["connect vscode --org sunrise --user sunrise-coordinator",
             "connect vscode --org sunrise --user sunrise-coordinator --url https://func-abc.azurewebsites.net --server-name functions-mcp-prod"]),
        Spec(new CursorSetup(), s_fileOptions,
            "writes .cursor/mcp.json with a server whose header Cursor fills from ${env:FUNCTIONS_MCP_KEY}; the key goes to .fmcp/<server>.token",
            ["connect cursor --org sunrise --user sunrise-coordinator"]),
        Spec(new ClaudeDesktopSetup(), [],
            "prints the custom connector's steps (OAuth, no key); with a key, an mcp-remote bridge for claude_desktop_config.json",
            ["connect claude-desktop --url https://func-abc.azurewebsites.net                    # the connector: Claude signs in",
             "connect claude-desktop --org sunrise --user sunrise-coordinator   # also the mcp-remote bridge, with a key"]),
        Spec(new ManusSetup(), [],
            "prints the URL and the Authorization header to paste into a custom MCP server",
            ["connect manus --org sunrise --user sunrise-coordinator --url https://func-abc.azurewebsites.net"]),
    ];

    private static CommandSpec Spec(ClientSetup client, string[] extra, string summary, IReadOnlyList<string> examples) => new(
        "connect " + client.Client, Required: [], Optional: [.. s_keyOptions, .. extra],
        [new(
            $"connect {client.Client} {(client.KeyIsOptional ? "[--org <org> --user <user> | --key <key>]" : "(--org <org> --user <user> | --key <key>)")} [--scopes a,b,...] [--expires yyyy-MM-dd | --expires-in <N>d]" +
                (extra.Length == 0 ? string.Empty : " [--dir <folder>] [--print] [--force]") + (extra.Contains(CliOptions.Write) ? " [--write]" : string.Empty),
            summary + (client.KeyIsOptional ? "\n--org/--user or --key only for the bridge" : string.Empty))],
        context => ConnectAsync(context, client),
        Summary: $"Connects {client.Title}: {summary}.",
        Examples: examples,
        Describe: Descriptions(client));

    private static Dictionary<string, OptionHelp> Descriptions(ClientSetup client) => new()
    {
        [CliOptions.Org] = new("<org>", "The organization of the user the new key is for."),
        [CliOptions.User] = new("<user>", "With --org: connect makes a key that acts as this user, never beyond the user's role."),
        [CliOptions.Key] = new("<key>", "An access key you already have (fmcp_…), instead of making one; it is checked first."),
        [CliOptions.Name] = new("<name>", $"The new key's name in 'keys list' and on the settings page (default: \"{client.Title} (fmcp connect)\")."),
        [CliOptions.Scopes] = new("a,b,...", "The new key's scopes (default: every scope the user's role allows)."),
        [CliOptions.Expires] = new("yyyy-MM-dd", "The new key stops working at 00:00 UTC on that day (default: it never expires)."),
        [CliOptions.ExpiresIn] = new("<N>d", "The new key stops working N days from now, 1 to 3650."),
        [CliOptions.ServerName] = new("<name>", $"The server's name in the client's configuration (default: {ConnectionLines.ServerName}); its key file is .fmcp/<name>.token."),
        [CliOptions.Dir] = new("<folder>", "The project folder to write in (default: the current folder)."),
        [CliOptions.Print] = new(null, "Writes nothing: prints the configuration, and the key (shown once), instead."),
        [CliOptions.Force] = new(null, "Replaces an entry of the same name that differs, or rewrites a configuration file that has comments."),
        [CliOptions.Write] = new(null, $"Adds the server to $CODEX_HOME/{CodexSetup.ConfigFileName} (default ~/.codex) instead of printing the entry."),
    };

    private static async Task<int> ConnectAsync(CommandContext context, ClientSetup client)
    {
        ParsedArguments args = context.Arguments;
        string serverName = args[CliOptions.ServerName] ?? ConnectionLines.ServerName;
        if (!ServerNamePattern().IsMatch(serverName))
            return context.Usage($"--server-name '{serverName}' must start with a letter and hold only letters, digits, '-' and '_' (64 at most)");
        (KeysCommands.KeyRequest? request, string? existingKey, int? misuse) = ReadKeySource(context, client);
        if (misuse is { } usage)
            return usage;

        string directory = Path.GetFullPath(args[CliOptions.Dir] ?? Directory.GetCurrentDirectory());
        if (!Directory.Exists(directory))
            return context.Fail($"the folder {directory} does not exist: give --dir an existing project folder");
        var options = new ConnectOptions(args.Has(CliOptions.Print), args.Has(CliOptions.Force), args.Has(CliOptions.Write),
            CodexSetup.Home(context.Settings.Configuration[CodexSetup.HomeVariable]));
        if (context.Settings.BaseUrlNote is { } note)
            context.Error.WriteLine(note);
        var target = new ConnectTarget(context.Get<IOptions<ServerOptions>>().Value.McpResource, serverName, directory);

        (IReadOnlyList<FileChange> changes, string? problem) = options.Print ? ([], null) : client.Plan(target, options);
        if (problem is not null)
            return context.Fail(problem + ". Nothing was written and no key was made.");

        string? token = existingKey;
        if (request is not null)
        {
            (CreatedAccessKey? created, int exitCode) = await KeysCommands.CreateKeyAsync(context, request);
            if (created is null)
                return exitCode;
            token = created.Token;
            AccessKey key = created.Key;
            context.Output.WriteLine($"Made access key {key.Id} \"{key.Name}\" for {key.UserId} in {key.OrganizationId} " +
                $"(scopes: {Output.ScopeList(key.Scopes)}; expires: {(key.ExpiresAt is null ? "never" : Output.Minutes(key.ExpiresAt) + " UTC")}).");
        }
        else if (token is not null && await context.Get<AccessKeyService>().AuthenticateAsync(token, context.CancellationToken) is { Succeeded: false } refused)
        {
            return context.Fail($"the key given with --key is refused: {refused.Failure} Nothing was written.");
        }

        bool wrote = !options.Print && await WriteAsync(context, client, target, changes, token);
        using var printed = new StringWriter(CultureInfo.InvariantCulture);
        client.Print(target, options, token, printed);
        if (wrote && printed.GetStringBuilder().Length > 0)
            context.Output.WriteLine();
        context.Output.Write(printed.ToString());
        context.Output.WriteLine();
        context.Output.WriteLine($"Next, in {client.Title}:");
        int step = 0;
        foreach (string line in client.NextSteps(target, options, token is not null))
            context.Output.WriteLine(line.StartsWith(' ') ? "   " + line : $"{++step}. {line}");
        return ExitCodes.Success;
    }

    /// <summary>The key to make, or the one given, or (for a client that can sign in instead) none; or the usage error's exit code.</summary>
    private static (KeysCommands.KeyRequest? Request, string? ExistingKey, int? Misuse) ReadKeySource(CommandContext context, ClientSetup client)
    {
        ParsedArguments args = context.Arguments;
        string? key = args[CliOptions.Key];
        bool forNewKey = args.Has(CliOptions.Org) || args.Has(CliOptions.User);
        bool keyOptions = args.Has(CliOptions.Scopes) || args.Has(CliOptions.Expires) || args.Has(CliOptions.ExpiresIn) || args.Has(CliOptions.Name);
        if (key is not null)
        {
            if (forNewKey || keyOptions)
                return (null, null, context.Usage("--key takes a key you already have: --org, --user, --name, --scopes and --expires are for making one"));
            return AccessKeyFormat.LooksLikeKey(key)
                ? (null, key, null)
                : (null, null, context.Usage("--key must be an access key (fmcp_…); to make one, give --org and --user instead"));
        }

        if (!forNewKey && !keyOptions && client.KeyIsOptional)
            return (null, null, null);
        if (!args.Has(CliOptions.Org) || !args.Has(CliOptions.User))
            return (null, null, context.Usage($"'connect {client.Client}' needs --org and --user (to make a key), or --key <key>"));

        (KeysCommands.KeyRequest? request, string? problem) = KeysCommands.ReadKeyRequest(context, args[CliOptions.Name] ?? $"{client.Title} (fmcp connect)");
        return request is null ? (null, null, context.Usage(problem!)) : (request, null, null);
    }

    /// <summary>Writes the key file, the .gitignore entry and the planned files, a line for each; true when it said anything.</summary>
    private static async Task<bool> WriteAsync(CommandContext context, ClientSetup client, ConnectTarget target, IReadOnlyList<FileChange> changes, string? token)
    {
        TextWriter output = context.Output;
        if (client.WritesKeyFile && token is not null)
        {
            string? previous = KeyFile.CurrentKeyId(target.KeyFile);
            KeyFile.Write(target.KeyFile, token);
            output.WriteLine($"Wrote the key to {target.KeyFileRelative} in {target.Directory}, readable by you only.");
            // The key it replaces keeps working until revoked: say so, with the command, while someone still knows it is there.
            if (previous is not null && !token.Contains(previous, StringComparison.Ordinal)
                && await context.Get<IAccessKeyStore>().GetAsync(previous, context.CancellationToken) is { RevokedAt: null } replaced)
                output.WriteLine($"It held key {replaced.Id} \"{replaced.Name}\" before, which still works: " +
                    $"'fmcp keys revoke --org {replaced.OrganizationId} {replaced.Id}' if nothing else uses it.");
            output.WriteLine(GitIgnore.Ensure(target.Directory) + ".");
        }

        foreach (FileChange change in changes)
        {
            if (change.Content is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(change.Path)!);
                File.WriteAllText(change.Path, change.Content);
            }

            output.WriteLine(change.Summary + ".");
        }

        return changes.Count > 0 || (client.WritesKeyFile && token is not null);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex ServerNamePattern();
}
