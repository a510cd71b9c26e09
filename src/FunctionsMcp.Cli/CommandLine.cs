namespace FunctionsMcp.Cli;

/// <summary>Every option the CLI knows, by name without the leading dashes.</summary>
internal static class CliOptions
{
    public const string Storage = "storage";
    public const string Url = "url";
    public const string Json = "json";
    public const string Help = "help";
    public const string Org = "org";
    public const string User = "user";
    public const string Name = "name";
    public const string Scopes = "scopes";
    public const string Expires = "expires";
    public const string ExpiresIn = "expires-in";
    public const string Day = "day";
    public const string Limit = "limit";
    public const string Key = "key";
    public const string RedirectUri = "redirect-uri";
    public const string Client = "client";
    public const string Token = "token";
    public const string Timeout = "timeout";
    public const string Role = "role";
    public const string PerCredential = "per-credential";
    public const string PerOrganization = "per-organization";
    public const string Clear = "clear";
    public const string DryRun = "dry-run";

    // connect: where to write a client's configuration, and how.
    public const string Dir = "dir";
    public const string Print = "print";
    public const string Force = "force";
    public const string Write = "write";
    public const string ServerName = "server-name";

    /// <summary>Options that stand alone; every other option takes a value.</summary>
    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal)
    {
        Json, Help, Clear, DryRun,
        Print, Force, Write,
    };

    /// <summary>Options that take a value.</summary>
    public static readonly IReadOnlySet<string> Valued = new HashSet<string>(StringComparer.Ordinal)
    {
        Storage, Url, Org, User, Name, Scopes, Expires, ExpiresIn, Day, Limit, Key, RedirectUri, Client, Token, Timeout,
        Role, PerCredential, PerOrganization,
        Dir, ServerName,
    };

    /// <summary>Valued options that may be given more than once; every other option only once.</summary>
    public static readonly IReadOnlySet<string> Repeatable = new HashSet<string>(StringComparer.Ordinal) { RedirectUri };

    /// <summary>Options every command accepts.</summary>
    public static readonly IReadOnlyList<string> Global = [Storage, Url, Help];
}

/// <summary>
/// The command line split into words (the command and its arguments) and options. <paramref name="Options"/> holds
/// each option's first value; <paramref name="Repeated"/> every value of the repeatable ones, in order;
/// <paramref name="UnknownOptions"/> the options the CLI does not know, as given.
/// </summary>
internal sealed record ParsedArguments(
    IReadOnlyList<string> Words,
    IReadOnlyDictionary<string, string?> Options,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Repeated = null,
    IReadOnlyList<string>? UnknownOptions = null)
{
    /// <summary>The options the CLI does not know, as given; empty when there are none.</summary>
    public IReadOnlyList<string> Unknown => UnknownOptions ?? [];

    /// <summary>The value of <paramref name="option"/>, or null when it was not given.</summary>
    public string? this[string option] => Options.GetValueOrDefault(option);

    public bool Has(string option) => Options.ContainsKey(option);

    /// <summary>Every value of <paramref name="option"/>, in the order given; empty when it was not given.</summary>
    public IReadOnlyList<string> All(string option) =>
        Repeated?.GetValueOrDefault(option) ?? (this[option] is { } value ? [value] : []);
}

/// <summary>
/// Splits arguments into words and <c>--option value</c> / <c>--option=value</c> pairs. It knows which options
/// exist and which take values, so a typo or a missing value is reported here, before anything runs. After a problem it
/// reads on, so the caller still learns which command was meant and can show that command's help.
/// </summary>
internal static class ArgumentParser
{
    /// <summary>The arguments (never null, even with a problem) and the first problem found, or null when there is none.</summary>
    public static (ParsedArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unknown = new List<string>();
        string? problem = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                words.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg is "-h" or "-?")
                arg = "--" + CliOptions.Help;
            if (!arg.StartsWith('-') || arg == "-")
            {
                words.Add(arg);
                continue;
            }

            string name = arg.TrimStart('-');
            string? value = null;
            int equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
                (name, value) = (name[..equals], name[(equals + 1)..]);

            if (!arg.StartsWith("--", StringComparison.Ordinal) || !(CliOptions.Flags.Contains(name) || CliOptions.Valued.Contains(name)))
            {
                unknown.Add(arg.Split('=')[0]);
                problem ??= $"unknown option {arg.Split('=')[0]}";
                continue;
            }

            if (options.ContainsKey(name) && !CliOptions.Repeatable.Contains(name))
                problem ??= $"option --{name} was given twice";

            if (CliOptions.Flags.Contains(name))
            {
                if (value is not null)
                    problem ??= $"option --{name} takes no value";
                value = null;
            }
            else if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    problem ??= $"option --{name} needs a value";
                    continue;
                }

                value = args[++i];
            }

            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                problem ??= $"option --{name} needs a value";
                continue;
            }

            if (CliOptions.Repeatable.Contains(name))
            {
                if (!repeated.TryGetValue(name, out List<string>? values))
                    repeated[name] = values = [];
                values.Add(value!.Trim());
            }

            options.TryAdd(name, value?.Trim());
        }

        var arguments = new ParsedArguments(words, options, repeated.ToDictionary(r => r.Key, r => (IReadOnlyList<string>)r.Value), unknown);
        return (arguments, problem);
    }
}
