using FunctionsMcp.OAuth.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.OAuth;

/// <summary><c>/token</c>: the token endpoint (OAuth 2.1 §3.2).</summary>
public static class TokenFunction
{
    [Function("token")]
    public static Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "token")] HttpRequest request) =>
        TokenEndpoint.HandleAsync(request.HttpContext);
}
