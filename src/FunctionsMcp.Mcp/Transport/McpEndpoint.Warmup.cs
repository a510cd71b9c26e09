using System.Text;
using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.OAuth.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>A practice call, so a cold process's first real call does not pay for compiling the answer path.</summary>
internal sealed partial class McpEndpoint
{
    private static readonly byte[] s_warmupCall = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""");

    /// <summary>
    /// Answers one <c>whoami</c> call in memory, for a principal of no organization holding no scope, through the same path
    /// a real call takes after its checks (a per-message SDK server, the tool filter, the tool, the reply's JSON): that
    /// path's first run compiles a good deal of the SDK. No storage is touched, nothing is audited or counted, and the
    /// reply is thrown away. Returns whether the practice call was answered with a result.
    /// </summary>
    internal async Task<bool> WarmAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        context.Request.Headers[McpHeaders.ProtocolVersion] = "2025-06-18";
        (McpPost? post, _) = McpRequestRules.Parse(s_warmupCall, context.Request);
        var nobody = new McpPrincipal("warmup", "warmup", OAuth.Identity.Role.SupportWorker, [], CredentialKind.AccessKey, "warmup");
        scope.ServiceProvider.GetRequiredService<McpCallContext>().Principal = nobody;
        return post is not null && await AnswerAsync(post, nobody, context) is JsonRpcResponse;
    }
}
