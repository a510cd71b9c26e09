namespace FunctionsMcp.Cli.Connect;

/// <summary>How <c>connect</c> was asked to write: <c>--print</c>, <c>--force</c>, <c>--write</c>, and Codex's home folder.</summary>
internal sealed record ConnectOptions(bool Print, bool Force, bool Write, string CodexHome);

/// <summary>
/// One client <c>connect</c> knows: the files it writes (planned before any key exists, so a refusal leaves nothing
/// behind), what it prints, and what to do next in that client.
/// </summary>
internal abstract class ClientSetup
{
    /// <summary>The word after <c>connect</c>: <c>claude-code</c>.</summary>
    public abstract string Client { get; }

    /// <summary>The client's own name, for people: <c>Claude Code</c>.</summary>
    public abstract string Title { get; }

    /// <summary>True when the client also works without a key (it signs in instead), so --org/--user/--key may be left out.</summary>
    public virtual bool KeyIsOptional => false;

    /// <summary>True when the key goes into the project's git-ignored key file, which the client reads.</summary>
    public virtual bool WritesKeyFile => false;

    /// <summary>The files to write, merged with what they hold; or why they cannot be. Reads, never writes.</summary>
    public virtual (IReadOnlyList<FileChange> Changes, string? Problem) Plan(ConnectTarget target, ConnectOptions options) => ([], null);

    /// <summary>
    /// The configuration as text: for <c>--print</c>, and for clients whose configuration is pasted (then with the key,
    /// shown this once, where the client needs it). <paramref name="token"/> is null when there is no key.
    /// </summary>
    public abstract void Print(ConnectTarget target, ConnectOptions options, string? token, TextWriter output);

    /// <summary>What to do in the client now, in numbered steps.</summary>
    public abstract IReadOnlyList<string> NextSteps(ConnectTarget target, ConnectOptions options, bool hasKey);

    /// <summary>The shell lines that put <paramref name="token"/> in the key file by hand (for --print), readable by the owner only.</summary>
    protected static string SaveKeyLines(ConnectTarget target, string token) =>
        $"  mkdir -p {ConnectTarget.KeyFolder} && (umask 077 && printf '%s' '{token}' > {target.KeyFileRelative})\n" +
        $"  grep -qxF '{ConnectTarget.KeyFolder}/' {GitIgnore.FileName} 2>/dev/null || echo '{ConnectTarget.KeyFolder}/' >> {GitIgnore.FileName}";

    /// <summary>Said when a client that connects from its own servers is given a URL on this machine.</summary>
    protected string CloudWarning(ConnectTarget target) =>
        $"Note: {Title} connects from its own servers, so it cannot reach {target.McpUrl}, which is on this machine: " +
        "use the deployment's URL (--url https://<app>).";
}
