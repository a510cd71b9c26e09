using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Mcp;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// What <c>tools/list</c> costs a client's context: the bytes of the answer for each tool profile and each role of
/// the demo organization (an Admin's key holds every scope, so it sees every tool). A client pays these bytes every
/// time it loads the server, so they are measured, not guessed.
/// </summary>
internal static class ToolListSizeBenchmark
{
    private const string Body = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""";

    private static readonly (string Role, string User)[] s_callers =
    [
        ("Admin", "sunrise-admin"),
        ("Coordinator", BenchKey.Coordinator),
        ("Support worker", "sunrise-worker"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        // --save <folder> keeps each answer (tools-list-<profile>-<role>.json), to read what the bytes are spent on.
        string? save = Benchmark.ArgumentText(args, "--save");
        string root = Repository.GetRoot(AppContext.BaseDirectory);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FUNCTIONSMCP_HOST", Path.Combine(root, "src", "FunctionsMcp.Host"));
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(root), Console.Error.WriteLine);
        using var http = new HttpClient();

        Console.WriteLine("tools/list over loopback HTTP (2025-11-25 era), bytes of the JSON-RPC answer as sent");
        Console.WriteLine();
        Console.WriteLine($"| {"profile",-8} | {"caller",-14} | {"tools",5} | {"bytes",7} | {"KB",6} |");
        Console.WriteLine($"|{new string('-', 10)}|{new string('-', 16)}|{new string('-', 7)}|{new string('-', 9)}|{new string('-', 8)}|");
        foreach (ToolProfile profile in Enum.GetValues<ToolProfile>())
        {
            await using BenchServer server = BenchServer.Start(azurite.ConnectionString, protectedLayers: true,
                new Dictionary<string, string?> { ["Mcp:ToolProfile"] = profile.ToString() });
            foreach ((string role, string user) in s_callers)
            {
                string token = await BenchKey.CreateAsync(server.Services, user, CancellationToken.None);
                (int tools, byte[] body) = await ListAsync(http, server.McpUrl, token);
                int bytes = body.Length;
                if (save is not null)
                    await File.WriteAllBytesAsync(Path.Combine(Directory.CreateDirectory(save).FullName, $"tools-list-{profile}-{user}.json"), body);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {profile,-8} | {role,-14} | {tools,5} | {bytes,7} | {bytes / 1024.0,6:F1} |"));
            }
        }

        return 0;
    }

    private static async Task<(int Tools, byte[] Body)> ListAsync(HttpClient http, Uri url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage response = await http.SendAsync(request);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        using JsonDocument answer = JsonDocument.Parse(body);
        return (answer.RootElement.GetProperty("result").GetProperty("tools").GetArrayLength(), body);
    }
}
