using FunctionsMcp.OAuth.Tokens;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Cli.Commands;

/// <summary>
/// <c>signing-keys list</c> and <c>signing-keys rotate</c>: the keys access tokens are signed with, kept in Key Vault
/// (<c>KeyVault:Uri</c>) or, locally, in <c>OAuth:SigningKeyFile</c>. Rotating adds a key that signs from then on; the
/// old one keeps validating the tokens it signed until they expire, so nobody is signed out.
/// </summary>
internal static class SigningKeysCommands
{
    public static readonly CommandSpec List = new(
        "signing-keys list", Required: [], Optional: [CliOptions.Json],
        [new("signing-keys list", "the token-signing keys, current first: kid, created, whether it signs or only validates")],
        ListAsync,
        Summary: "Lists the keys access tokens are signed with, current first; never a private part.",
        Examples:
        [
            "signing-keys list",
            "signing-keys list --json",
        ]);

    public static readonly CommandSpec Rotate = new(
        "signing-keys rotate", Required: [], Optional: [],
        [new("signing-keys rotate", "adds a new signing key; tokens signed with the old one keep working until they expire.\n" +
            "Running apps sign with the new key within 10 minutes and accept it at once")],
        RotateAsync,
        Summary: "Adds a new token-signing key; tokens signed with the old one keep working until they expire.",
        Examples:
        [
            "signing-keys rotate    # Key Vault when KeyVault__Uri is set; locally, set OAuth__SigningKeyFile to the app's key file first",
        ]);

    /// <summary>A key as listed: never its private part.</summary>
    internal sealed record KeyView(string Kid, DateTimeOffset CreatedAt, string State);

    private static async Task<int> ListAsync(CommandContext context)
    {
        IReadOnlyList<SigningKey> keys = await context.Get<SigningKeys>().AllAsync(context.CancellationToken);
        KeyView[] views = [.. keys.Select((k, i) => new KeyView(k.Id, k.CreatedAt, i == 0 ? "signs" : "validates until its tokens expire"))];
        return Output.List(context, views, "No signing keys.", ["KID", "CREATED (UTC)", "STATE"], k => [k.Kid, Output.Minutes(k.CreatedAt), k.State]);
    }

    private static async Task<int> RotateAsync(CommandContext context)
    {
        SigningKeys keys = context.Get<SigningKeys>();
        string previous = (await keys.CurrentAsync(context.CancellationToken)).Id;
        SigningKey created = await keys.RotateAsync(context.CancellationToken);
        TimeSpan lifetime = context.Get<IOptions<OAuthOptions>>().Value.AccessTokenLifetime;
        IReadOnlyList<SigningKey> all = await keys.AllAsync(context.CancellationToken);
        context.Output.WriteLine($"New signing key {created.Id}. Running apps sign with it within 10 minutes.");
        context.Output.WriteLine($"Tokens signed with {previous} keep validating until they expire (at most {lifetime:g} from now).");
        context.Output.WriteLine($"Keys kept: {string.Join(", ", all.Select(k => k.Id))}.");
        return ExitCodes.Success;
    }
}
