using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// The requests the benchmarks send: a stateless <c>tools/call</c> (of <c>whoami</c> unless told), with the headers a
/// 2025-era client sends after initialize. Shared so the load loop and the cold-start probe measure the same call.
/// </summary>
internal static class McpCall
{
    private const string Body = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""";

    public static HttpRequestMessage Whoami(Uri url, string token) => Post(url, token, Body);

    /// <summary>A <c>tools/call</c> of <c>get_participant</c>: one participant's record, one point read in storage.</summary>
    public static HttpRequestMessage GetParticipant(Uri url, string token, string participantId) =>
        Post(url, token, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_participant","arguments":{"id":"""
            + JsonSerializer.Serialize(participantId) + "}}}");

    private static HttpRequestMessage Post(Uri url, string token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>
    /// True for a 2xx answer carrying a JSON-RPC result that is not a tool error: a 200 with an error inside is a
    /// failed call too. The body is plain JSON, or an SSE stream whose last <c>data:</c> line is the answer.
    /// </summary>
    public static async Task<bool> SucceededAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        if (!response.IsSuccessStatusCode)
            return false;
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        string json = body.TrimStart().StartsWith('{')
            ? body
            : body.Split('\n').LastOrDefault(line => line.StartsWith("data:", StringComparison.Ordinal))?["data:".Length..] ?? "";
        try
        {
            using JsonDocument answer = JsonDocument.Parse(json);
            return answer.RootElement.TryGetProperty("result", out JsonElement result)
                && !(result.TryGetProperty("isError", out JsonElement isError) && isError.ValueKind == JsonValueKind.True);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
