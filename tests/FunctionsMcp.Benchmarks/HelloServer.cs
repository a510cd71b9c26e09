using Microsoft.AspNetCore.Builder;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// The cold-start floor: the same ASP.NET Core start-up as <see cref="BareServer"/>, answering every <c>/mcp</c> POST
/// with a constant JSON-RPC tool result, touching nothing (<c>dotnet FunctionsMcp.Benchmarks.dll hello-server --urls …</c>).
/// </summary>
internal static class HelloServer
{
    public const string Mode = "hello-server";

    private const string Answer = """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hello"}]}}""";

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app = WebApplication.CreateBuilder([.. args.Where(a => a != Mode)]).Build();
        app.MapGet("/", () => "ready");
        app.MapPost("/mcp", () => Microsoft.AspNetCore.Http.Results.Text(Answer, "application/json"));
        await app.RunAsync();
        return 0;
    }
}
