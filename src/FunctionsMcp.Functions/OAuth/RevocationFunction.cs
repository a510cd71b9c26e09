using FunctionsMcp.OAuth.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.OAuth;

/// <summary><c>/revoke</c>: token revocation (RFC 7009).</summary>
public static class RevocationFunction
{
    [Function("revoke")]
    public static Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "revoke")] HttpRequest request) =>
        RevocationEndpoint.HandleAsync(request.HttpContext);
}
