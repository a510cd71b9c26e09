using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Http;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>
/// Reads a POST body as JSON, strictly, before anything looks inside it. System.Text.Json parses a lone surrogate
/// escape (<c>"\ud800"</c>) and a repeated property name without complaint and only throws later, when the string is
/// read or the object indexed, deep inside our rules or the SDK, where it became a 500. One pass of the reader here
/// turns each into a -32700 with a sentence the client can act on.
/// </summary>
internal static class JsonRpcBody
{
    /// <summary>How deep a body may nest; System.Text.Json's own default, which the SDK's serializer also applies.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions s_document = new() { MaxDepth = MaxDepth };

    public static (JsonNode? Node, McpRejection? Rejection) Parse(byte[] body)
    {
        if (Problem(body) is { } problem)
            return (null, new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.ParseError, "Parse error: " + problem));
        try
        {
            return (JsonNode.Parse(body, documentOptions: s_document), null);
        }
        catch (JsonException)
        {
            return (null, new McpRejection(StatusCodes.Status400BadRequest, JsonRpcCodes.ParseError, "Parse error: the body is not valid JSON."));
        }
    }

    private static string? Problem(ReadOnlySpan<byte> body)
    {
        // Our own depth check comes first, so the reader's limit is only a backstop.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth * 2 });
        var names = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= MaxDepth:
                        return $"the body nests objects and arrays more than {MaxDepth} levels deep; flatten it.";
                    case JsonTokenType.StartObject:
                        names.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        string name = reader.GetString()!;
                        if (!names.Peek().Add(name))
                            return $"the property \"{BoundedText.Cut(name, 64)}\" appears twice in one object; send each property once.";
                        break;
                    case JsonTokenType.String:
                        _ = reader.GetString();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return "the body is not valid JSON.";
        }
        catch (InvalidOperationException)
        {
            // GetString refuses text that is not valid Unicode: a lone surrogate escape or malformed UTF-8.
            return "a string holds an unpaired UTF-16 surrogate escape (such as \\ud800) or malformed UTF-8; send well-formed Unicode text.";
        }

        return null;
    }
}
