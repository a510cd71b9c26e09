using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// One ARM template expression (the text inside <c>"[...]"</c>), parsed so <see cref="ArmEvaluator"/> can work out what
/// it can and print back what it cannot. Printing follows the Bicep compiler's own spacing (<c>format('{0}', x)</c>), so
/// an expression nothing could reduce reads exactly as it does in <c>main.json</c>.
/// </summary>
/// <remarks>
/// A value that is known is a <see cref="Literal"/> holding JSON. Inside that JSON a string that starts with <c>[</c> is an
/// expression not worked out yet, as in a template; ARM writes a literal such string as <c>[[</c>, which none of our
/// templates needs, so it is refused rather than half supported.
/// </remarks>
internal abstract class ArmExpression
{
    /// <summary>The expression of a template string: <c>"[parameters('x')]"</c> parsed, any other string a literal.</summary>
    public static ArmExpression FromJson(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue(out string? text) && text.StartsWith('['))
        {
            if (text.StartsWith("[[", StringComparison.Ordinal) || !text.EndsWith(']'))
                throw new NotSupportedException($"an escaped or unterminated template string: {text}");
            return new Parser(text[1..^1]).ParseAll();
        }
        return new Literal(value?.DeepClone());
    }

    /// <summary>Back to template JSON: a literal's value, or <c>"[...]"</c> for what is not known.</summary>
    public virtual JsonNode? ToJson() => JsonValue.Create($"[{this}]");

    internal sealed class Literal(JsonNode? value) : ArmExpression
    {
        public JsonNode? Value { get; } = value;

        public override JsonNode? ToJson() => Value?.DeepClone();

        public override string ToString() => Value switch
        {
            null => "null()",
            JsonObject o => $"createObject({string.Join(", ", o.Select(p => $"{Quote(p.Key)}, {FromJson(p.Value)}"))})",
            JsonArray a => $"createArray({string.Join(", ", a.Select(FromJson))})",
            JsonValue v when v.TryGetValue(out string? s) => Quote(s),
            JsonValue v when v.TryGetValue(out bool b) => b ? "true()" : "false()",
            _ => Value.ToJsonString(),
        };

        private static string Quote(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
    }

    internal sealed class Call(string function, IReadOnlyList<ArmExpression> arguments) : ArmExpression
    {
        public string Function { get; } = function;
        public IReadOnlyList<ArmExpression> Arguments { get; } = arguments;

        public override string ToString() => $"{Function}({string.Join(", ", Arguments)})";
    }

    /// <summary><c>target.name</c>.</summary>
    internal sealed class Property(ArmExpression target, string name) : ArmExpression
    {
        public ArmExpression Target { get; } = target;
        public string Name { get; } = name;

        public override string ToString() => $"{Target}.{Name}";
    }

    /// <summary><c>target[key]</c>.</summary>
    internal sealed class Item(ArmExpression target, ArmExpression key) : ArmExpression
    {
        public ArmExpression Target { get; } = target;
        public ArmExpression Key { get; } = key;

        public override string ToString() => $"{Target}[{Key}]";
    }

    /// <summary><c>lambda('i', body)</c> once its parameters are read; the body is reduced only when it is applied.</summary>
    internal sealed class Lambda(IReadOnlyList<string> parameters, ArmExpression body) : ArmExpression
    {
        public IReadOnlyList<string> Parameters { get; } = parameters;
        public ArmExpression Body { get; } = body;

        public override string ToString() => $"lambda({string.Join(", ", Parameters.Select(p => $"'{p}'"))}, {Body})";
    }

    /// <summary>
    /// expression := primary ( '.' name | '[' expression ']' )*; primary := 'string' | integer | name '(' arguments ')'.
    /// </summary>
    private sealed class Parser(string text)
    {
        private int _at;

        public ArmExpression ParseAll()
        {
            ArmExpression expression = Expression();
            SkipSpaces();
            return _at == text.Length ? expression : throw Error("text after the expression");
        }

        private ArmExpression Expression()
        {
            ArmExpression expression = Primary();
            while (true)
            {
                SkipSpaces();
                if (TryTake('.'))
                {
                    expression = new Property(expression, Name());
                }
                else if (TryTake('['))
                {
                    ArmExpression key = Expression();
                    Take(']');
                    expression = new Item(expression, key);
                }
                else
                {
                    return expression;
                }
            }
        }

        private ArmExpression Primary()
        {
            SkipSpaces();
            if (_at >= text.Length)
                throw Error("an expression ends early");
            if (text[_at] == '\'')
                return new Literal(JsonValue.Create(StringLiteral()));
            if (text[_at] == '-' || char.IsAsciiDigit(text[_at]))
                return new Literal(JsonValue.Create(Integer()));

            string function = Name();
            Take('(');
            var arguments = new List<ArmExpression>();
            SkipSpaces();
            if (!TryTake(')'))
            {
                do
                    arguments.Add(Expression());
                while (TryTake(','));
                Take(')');
            }
            return new Call(function, arguments);
        }

        private string StringLiteral()
        {
            var value = new StringBuilder();
            _at++;
            while (true)
            {
                if (_at >= text.Length)
                    throw Error("an unterminated string");
                char c = text[_at++];
                if (c != '\'')
                    value.Append(c);
                else if (_at < text.Length && text[_at] == '\'')
                    value.Append(text[_at++]);
                else
                    break;
            }
            return value.Length > 0 && value[0] == '[' ? throw Error("a string literal starting with '['") : value.ToString();
        }

        private long Integer()
        {
            int start = _at++;
            while (_at < text.Length && char.IsAsciiDigit(text[_at]))
                _at++;
            return long.Parse(text.AsSpan(start, _at - start), CultureInfo.InvariantCulture);
        }

        private string Name()
        {
            SkipSpaces();
            int start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '$'))
                _at++;
            return _at > start ? text[start.._at] : throw Error("a name expected");
        }

        private bool TryTake(char c)
        {
            SkipSpaces();
            if (_at >= text.Length || text[_at] != c)
                return false;
            _at++;
            return true;
        }

        private void Take(char c)
        {
            if (!TryTake(c))
                throw Error($"'{c}' expected");
        }

        private void SkipSpaces()
        {
            while (_at < text.Length && text[_at] == ' ')
                _at++;
        }

        private FormatException Error(string what) => new($"ARM expression, {what} at {_at}: [{text}]");
    }
}
