using FunctionsMcp.OAuth.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.Functions.OAuth;

/// <summary><c>/consent</c>: the page where a signed-in person allows or denies an app.</summary>
public static class ConsentFunction
{
    [Function("consent")]
    public static Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "consent")] HttpRequest request) =>
        ConsentEndpoint.HandleAsync(request.HttpContext);
}
