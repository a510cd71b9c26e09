using FunctionsMcp.OAuth.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.OAuth;

/// <summary><c>/register</c>: dynamic client registration (RFC 7591).</summary>
public static class ClientRegistrationFunction
{
    [Function("register")]
    public static Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "register")] HttpRequest request) =>
        ClientRegistrationEndpoint.HandleAsync(request.HttpContext);
}
