using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>
/// The <c>result</c> of <c>tools/list</c>, serialized once per answer it can be and reused. What the answer depends
/// on: the tools the credential may call (its effective scopes, taken as a set: a tool needs only known scopes, so
/// the known ones held decide), the tool profile (fixed for the life of the catalogue; kept in the key all the same),
/// and the protocol version the request speaks (the SDK writes the answer for it). Each result is what the SDK
/// produced the first time, so a cached answer is the SDK's on the wire; the SDK's per-request server, its handlers
/// and the four (de)serializations between them are skipped. Bounded by <see cref="MaxEntries"/>: past it, answers
/// are built as before and not kept.
/// </summary>
internal sealed class ToolListCache(IOptions<McpEndpointOptions> options)
{
    /// <summary>The most answers kept (each about 30 KB at most): every scope set of a role or two in a few versions, with room.</summary>
    public const int MaxEntries = 256;

    private static readonly JsonTypeInfo<RequestId> s_idType = (JsonTypeInfo<RequestId>)JsonRpcHttp.Options.GetTypeInfo(typeof(RequestId));
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JsonRpcHttp.Options.Encoder, SkipValidation = true };

    private readonly ConcurrentDictionary<Key, byte[]> _results = new();

    private readonly record struct Key(ToolProfile Profile, int Scopes, string? ProtocolVersion);

    /// <summary>How many answers are kept.</summary>
    public int Count => _results.Count;

    /// <summary>
    /// A <c>tools/list</c> whose answer depends only on the key: no cursor or any other parameter but <c>_meta</c>
    /// (which the 2026-07-28 era requires and the answer does not echo).
    /// </summary>
    public static bool Serves(McpPost post) =>
        post.Method == RequestMethods.ToolsList && post.Message is JsonRpcRequest
        && (post.Params is null || post.Params.All(p => p.Key == "_meta"));

    public byte[]? Find(McpPrincipal principal, string? protocolVersion) => _results.GetValueOrDefault(KeyOf(principal, protocolVersion));

    /// <summary>Keeps what the SDK answered, unless the cache is full.</summary>
    public void Keep(McpPrincipal principal, string? protocolVersion, JsonNode result)
    {
        if (_results.Count < MaxEntries)
            _results.TryAdd(KeyOf(principal, protocolVersion), JsonSerializer.SerializeToUtf8Bytes(result, JsonRpcHttp.Options));
    }

    /// <summary>
    /// The response as the SDK path writes it: <c>{"result":…,"id":…,"jsonrpc":"2.0"}</c> (its serializer writes a
    /// type's own properties before its base type's) as <c>application/json</c>, 200. Put together in memory and
    /// written at once: serializing the id into a writer on the response stream would flush it synchronously.
    /// </summary>
    public static async Task<string> WriteAsync(HttpContext context, RequestId id, byte[] result)
    {
        var body = new ArrayBufferWriter<byte>(result.Length + 64);
        using (var writer = new Utf8JsonWriter(body, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("result");
            writer.WriteRawValue(result, skipInputValidation: true);
            writer.WritePropertyName("id");
            JsonSerializer.Serialize(writer, id, s_idType);
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteEndObject();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
        return "ok";
    }

    /// <summary>The known scopes held, one bit each: the same set in any order, duplicates or not, is one key.</summary>
    private Key KeyOf(McpPrincipal principal, string? protocolVersion)
    {
        int scopes = 0;
        for (int i = 0; i < OAuth.Identity.Scopes.All.Count; i++)
        {
            if (principal.Has(OAuth.Identity.Scopes.All[i]))
                scopes |= 1 << i;
        }

        return new Key(options.Value.ToolProfile, scopes, protocolVersion);
    }
}
