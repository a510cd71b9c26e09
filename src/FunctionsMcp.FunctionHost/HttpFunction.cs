using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsMcp.FunctionHost;

/// <summary>An HTTP-triggered function as the Functions host lists it: its name, route template, methods and level.</summary>
/// <param name="Name">The function's name (<c>[Function]</c>).</param>
/// <param name="Route">The route as written on the trigger (null means the function's name), without the host's prefix.</param>
/// <param name="Methods">Lower-case methods; empty means every method.</param>
/// <param name="Level">The trigger's authorization level.</param>
/// <param name="Method">The method the worker invokes.</param>
public sealed record HttpFunction(string Name, string? Route, IReadOnlyList<string> Methods, AuthorizationLevel Level, MethodInfo Method)
{
    /// <summary>The template the host serves: the host.json prefix, then the route (or the name when no route is given).</summary>
    public string Template(string routePrefix) =>
        string.Join('/', new[] { routePrefix.Trim('/'), Route ?? Name }.Where(part => part.Length > 0));

    public bool Accepts(string method) => Methods.Count == 0 || Methods.Contains(method.ToLowerInvariant());

    /// <summary>Every <c>[Function]</c> method in <paramref name="assembly"/> with an <c>[HttpTrigger]</c> parameter.</summary>
    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly) =>
        [.. from type in assembly.GetExportedTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)
            where function is not null && trigger is not null
            orderby function.Name
            select new HttpFunction(
                function.Name, trigger.Route, [.. (trigger.Methods ?? []).Select(m => m.ToLowerInvariant())], trigger.AuthLevel, method)];
}
