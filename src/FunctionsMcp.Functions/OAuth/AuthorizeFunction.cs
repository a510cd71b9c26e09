using FunctionsMcp.OAuth.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.OAuth;

/// <summary><c>/authorize</c>: the authorization endpoint (OAuth 2.1 §4.1.1), where a person's browser starts.</summary>
public static class AuthorizeFunction
{
    [Function("authorize")]
    public static Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "authorize")] HttpRequest request) =>
        AuthorizeEndpoint.HandleAsync(request.HttpContext);
}
