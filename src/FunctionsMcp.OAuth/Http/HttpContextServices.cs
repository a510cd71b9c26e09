using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.OAuth.Http;

/// <summary>
/// How a function's endpoint finds its services: a function hands over only the <see cref="HttpContext"/> (the Functions
/// worker's pipeline is fixed, so there is no minimal-API binding), and the endpoint takes what it needs from the request.
/// </summary>
public static class HttpContextServices
{
    /// <summary>A service from the request's scope; a missing one is a composition bug, not a client's mistake.</summary>
    public static T Service<T>(this HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();
}
