using System.Text.RegularExpressions;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// Just enough reading of Bicep as text for <see cref="InfrastructureTests"/>: no Bicep compiler runs here, so the tests
/// find a block by its header and read its top-level <c>name: value</c> lines. It relies on the templates keeping one
/// property per line, which is also what keeps them readable.
/// </summary>
internal static partial class BicepText
{
    /// <summary>The text inside the brackets that follow <paramref name="header"/> (e.g. <c>var appSettings =</c>).</summary>
    public static string Block(string text, string header)
    {
        int start = text.IndexOf(header, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{header}' in the Bicep");
        return BlockAt(text, start + header.Length);
    }

    /// <summary>The value main.bicep passes to one parameter of a module (e.g. <c>module roles</c>, <c>principalId</c>).</summary>
    public static string ModuleParameter(string main, string module, string parameter) =>
        Property(Block(Block(main, $"module {module} "), "params:"), parameter);

    /// <summary>The body of every <c>resource</c> of the given type (e.g. <c>Microsoft.Authorization/roleAssignments</c>).</summary>
    public static IReadOnlyList<string> Resources(string text, string type) =>
        Regex.Matches(text, $@"^resource \w+ '{Regex.Escape(type)}@", RegexOptions.Multiline).Select(m => BlockAt(text, m.Index)).ToList();

    /// <summary>The body of the one <c>resource</c> of the given type.</summary>
    public static string Single(string text, string type) => Assert.Single(Resources(text, type));

    /// <summary>The top-level <c>name: value</c> pairs of a block; a value that opens a nested block is just its first line.</summary>
    public static IReadOnlyDictionary<string, string> Properties(string block)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        int depth = 0;
        foreach (string raw in block.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("//", StringComparison.Ordinal))
                continue;
            if (depth == 0 && PropertyLine().Match(line) is { Success: true } match)
                properties[match.Groups["name"].Value] = match.Groups["value"].Value.Trim();
            depth += line.Count(c => c is '{' or '[' or '(') - line.Count(c => c is '}' or ']' or ')');
        }
        return properties;
    }

    /// <summary>The value of one top-level property of a block, failing the test when it is missing.</summary>
    public static string Property(string block, string name)
    {
        Assert.True(Properties(block).TryGetValue(name, out string? value), $"no '{name}:' in the block");
        return value;
    }

    /// <summary>Every <c>param</c> declaration with the decorator lines just above it.</summary>
    public static IEnumerable<(string Name, IReadOnlyList<string> Decorators)> Parameters(string text)
    {
        string[] lines = text.Split('\n').Select(l => l.Trim()).ToArray();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("param ", StringComparison.Ordinal))
                continue;
            var decorators = new List<string>();
            for (int j = i - 1; j >= 0 && lines[j].StartsWith('@'); j--)
                decorators.Add(lines[j]);
            yield return (lines[i].Split(' ')[1], decorators);
        }
    }

    /// <summary>The names of every <c>output</c> a template declares.</summary>
    public static IReadOnlySet<string> Outputs(string text) =>
        Regex.Matches(text, @"^output (\w+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The text inside the first bracket (<c>{</c>, <c>[</c> or <c>(</c>) at or after <paramref name="start"/>.</summary>
    private static string BlockAt(string text, int start)
    {
        int open = text.IndexOfAny(['{', '[', '('], start);
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' or '[' or '(' => 1, '}' or ']' or ')' => -1, _ => 0 };
            if (depth == 0)
                return text[(open + 1)..i];
        }
        throw new InvalidOperationException($"unbalanced brackets after offset {start}");
    }

    [GeneratedRegex(@"^'?(?<name>[\w$@{}.-]+)'?\s*:\s*(?<value>.*)$")]
    private static partial Regex PropertyLine();
}
