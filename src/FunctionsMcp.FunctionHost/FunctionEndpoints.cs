using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.FunctionHost;

/// <summary>
/// Maps HTTP functions onto an ASP.NET Core app as the Functions host routes them: the host.json prefix plus each
/// trigger's route, only the methods the trigger lists (any other method is 404, as on the host, never 405), the function
/// class created from the request's services, and the returned <see cref="IResult"/> executed like the worker does.
/// </summary>
public static class FunctionEndpoints
{
    /// <summary>Maps every HTTP function of <paramref name="assembly"/>; refuses, with every problem in one message, routes the host would break.</summary>
    public static IEndpointRouteBuilder MapFunctions(this IEndpointRouteBuilder app, Assembly assembly, string routePrefix) =>
        app.MapFunctions(HttpFunction.Discover(assembly), routePrefix);

    internal static IEndpointRouteBuilder MapFunctions(this IEndpointRouteBuilder app, IReadOnlyList<HttpFunction> functions, string routePrefix)
    {
        List<string> problems = [.. RouteRules.Problems(functions, routePrefix), .. functions.SelectMany(SignatureProblems)];
        if (problems.Count > 0)
            throw new InvalidOperationException("These functions cannot be served as the Functions host would serve them:\n  - " + string.Join("\n  - ", problems));

        foreach (IGrouping<string, HttpFunction> route in functions.GroupBy(f => f.Template(routePrefix), StringComparer.OrdinalIgnoreCase))
        {
            HttpFunction[] candidates = [.. route];
            app.Map(route.Key, context =>
            {
                HttpFunction? function = candidates.FirstOrDefault(f => f.Accepts(context.Request.Method));
                if (function is null)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return InvokeAsync(function, context);
            }).WithDisplayName(string.Join(", ", candidates.Select(f => f.Name)));
        }

        return app;
    }

    private static async Task InvokeAsync(HttpFunction function, HttpContext context)
    {
        MethodInfo method = function.Method;
        object? instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(context.RequestServices, method.DeclaringType!);
        object?[] arguments = [.. method.GetParameters().Select(p => Argument(p, context))];
        object? returned = method.Invoke(instance, arguments);
        if (returned is Task task)
        {
            await task;
            returned = task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
        }

        if (returned is IResult result)
            await result.ExecuteAsync(context);
    }

    private static object? Argument(ParameterInfo parameter, HttpContext context) => parameter.ParameterType switch
    {
        Type t when t == typeof(HttpRequest) => context.Request,
        Type t when t == typeof(HttpContext) => context,
        Type t when t == typeof(CancellationToken) => context.RequestAborted,
        _ => context.Request.RouteValues.TryGetValue(parameter.Name!, out object? value) ? value?.ToString() : null,
    };

    // What the worker can bind but this host cannot; refused so a function never runs here with a parameter left empty.
    private static IEnumerable<string> SignatureProblems(HttpFunction function)
    {
        foreach (ParameterInfo parameter in function.Method.GetParameters())
        {
            Type type = parameter.ParameterType;
            if (type != typeof(HttpRequest) && type != typeof(HttpContext) && type != typeof(CancellationToken) && type != typeof(string))
                yield return $"Function '{function.Name}': parameter '{parameter.Name}' of type {type.Name} cannot be bound by the local host (it binds HttpRequest, HttpContext, CancellationToken and string route values).";
        }

        Type returns = function.Method.ReturnType;
        if (returns != typeof(Task<IResult>) && returns != typeof(IResult) && returns != typeof(Task) && returns != typeof(void))
            yield return $"Function '{function.Name}': return type {returns.Name} is not served by the local host (it executes IResult, Task<IResult>, Task and void).";
        if (function.Method.GetCustomAttribute<FunctionAttribute>() is null)
            yield return $"Function '{function.Name}' lost its [Function] attribute.";
    }
}
