using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Authorization;

/// <summary>How people sign in during an authorization.</summary>
public enum SignInMode
{
    /// <summary>Microsoft Entra ID (the default).</summary>
    Entra,

    /// <summary>A page listing the demo users, for local runs only: Development environment and a loopback base URL.</summary>
    Development,
}

/// <summary>Sign-in settings (configuration section <c>SignIn</c>).</summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary><c>SignIn:Mode</c>: <c>Entra</c> (default) or <c>Development</c> (local runs only; refused anywhere else).</summary>
    public SignInMode Mode { get; set; } = SignInMode.Entra;
}

/// <summary>Refuses to start with the development sign-in anywhere but a local run, so it can never reach a deployed app.</summary>
internal sealed class SignInOptionsValidator(IHostEnvironment environment, IOptions<ServerOptions> server) : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        if (!Enum.IsDefined(options.Mode))
            return ValidateOptionsResult.Fail($"SignIn:Mode '{options.Mode}' is not Entra or Development.");
        if (options.Mode != SignInMode.Development)
            return ValidateOptionsResult.Success;
        bool loopback = Uri.TryCreate(server.Value.BaseUrl, UriKind.Absolute, out Uri? baseUri) && baseUri.IsLoopback;
        return environment.IsDevelopment() && loopback
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"SignIn:Mode Development is only for local runs: it needs the Development environment and a loopback Server:BaseUrl (this is {environment.EnvironmentName} at '{server.Value.BaseUrl}'). Use SignIn:Mode Entra.");
    }
}
