using FunctionsMcp.OAuth;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.OAuth.Grants;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Cli.Commands;

/// <summary>
/// <c>clients create</c>, <c>clients list</c> and <c>clients delete</c>: an organization's confidential OAuth clients,
/// for apps that take a pre-registered client id and secret (ChatGPT's user-defined OAuth client) instead of
/// registering themselves. Through <see cref="ClientRegistry"/> (as the settings page), which checks the redirect URIs and
/// keeps only a hash of the secret; create prints the secret once and never again.
/// </summary>
internal static class ClientsCommands
{
    public static readonly CommandSpec Create = new(
        "clients create", Required: [CliOptions.Org, CliOptions.Name, CliOptions.RedirectUri], Optional: [],
        [new(
            "clients create --org <org> --name <name> --redirect-uri <uri> [--redirect-uri <uri> ...]",
            $"a confidential OAuth client only the organization's users can allow; 1 to {ClientRegistry.MaxRedirectUris} redirect URIs\n" +
            "(https, or http on a loopback address). Prints its id and secret once, with what ChatGPT's\n" +
            "user-defined OAuth client asks for: client id and secret, token endpoint auth method\n" +
            "client_secret_post (or client_secret_basic), authorization URL <base>/authorize, token URL <base>/token.\n" +
            "The secret is shown only once and stored only as a hash.")],
        CreateAsync,
        Summary: "Makes a confidential OAuth client for the organization and prints its id and secret once.",
        Examples:
        [
            "clients create --org sunrise --name ChatGPT --redirect-uri https://chatgpt.com/connector_platform_oauth_redirect",
            "clients create --org sunrise --name \"Internal tool\" --redirect-uri https://tool.example.org/cb --redirect-uri http://127.0.0.1:8765/cb",
        ],
        Describe: new Dictionary<string, OptionHelp>
        {
            [CliOptions.Name] = new("<name>", "The client's name, as the consent page and 'clients list' show it."),
            [CliOptions.RedirectUri] = new("<uri>",
                $"Where the client receives sign-ins (the callback the app shows): https, or http on a loopback address. Once per URI, at most {ClientRegistry.MaxRedirectUris}."),
        });

    public static readonly CommandSpec List = new(
        "clients list", Required: [CliOptions.Org], Optional: [CliOptions.Json],
        [new("clients list --org <org>", "the organization's confidential clients: id, name, redirect URIs, created, last used;\nnever a secret")],
        ListAsync,
        Summary: "Lists the organization's confidential OAuth clients; never a secret.",
        Examples: ["clients list --org sunrise", "clients list --org sunrise --json"]);

    public static readonly CommandSpec Delete = new(
        "clients delete", Required: [CliOptions.Org], Optional: [],
        [new("clients delete --org <org> <client-id>", "deletes it and revokes its connections at once; \"not found\" (exit 1) for an unknown id\n" +
            "or another org's client")],
        DeleteAsync,
        Arguments: ["<client-id>"],
        Summary: "Deletes a confidential OAuth client and revokes every connection made through it.",
        Examples: ["clients delete --org sunrise <client-id>         # the id 'clients list' shows"],
        Describe: new Dictionary<string, OptionHelp>
        {
            ["<client-id>"] = new(null, "The client's id, as 'clients list --org <org>' shows it."),
        });

    /// <summary>A client as listed: everything but its secret hash.</summary>
    internal sealed record ClientView(string Id, string Name, IReadOnlyList<string> RedirectUris, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

    private static async Task<int> CreateAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string name = context.Arguments[CliOptions.Name]!;
        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;

        (OAuthClient? client, string? secret, string? error) = await context.Get<ClientRegistry>().CreateConfidentialAsync(
            organizationId, name, context.Arguments.All(CliOptions.RedirectUri), context.CancellationToken);
        if (client is null)
            return context.Fail($"the client was not created: {error}.");

        if (context.Settings.BaseUrlNote is { } note)
            context.Error.WriteLine(note);
        ServerOptions server = context.Get<IOptions<ServerOptions>>().Value;
        AuthorizationServerMetadata.Document endpoints = AuthorizationServerMetadata.For(server, context.Get<IOptions<OAuthClientOptions>>().Value);
        TextWriter output = context.Output;
        output.WriteLine($"Created confidential client {client.Id} \"{client.Name}\" for {organizationId}.");
        output.WriteLine($"Redirect URIs: {string.Join(", ", client.RedirectUris)}");
        output.WriteLine();
        output.WriteLine("For ChatGPT's user-defined OAuth client (or any app that takes a client id and secret):");
        output.WriteLine($"  MCP server URL:             {server.McpResource}");
        output.WriteLine($"  Client ID:                  {client.Id}");
        output.WriteLine($"  Client secret:              {secret}");
        output.WriteLine("  Token endpoint auth method: client_secret_post (client_secret_basic works too)");
        output.WriteLine($"  Authorization URL:          {endpoints.AuthorizationEndpoint}");
        output.WriteLine($"  Token URL:                  {endpoints.TokenEndpoint}");
        output.WriteLine();
        output.WriteLine("The secret is shown only once and stored only as a hash: copy it now. If it is lost, delete the client and create another.");
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;

        IReadOnlyList<OAuthClient> clients = await context.Get<ClientRegistry>().ListConfidentialAsync(organizationId, context.CancellationToken);
        ClientView[] views = clients.Select(c => new ClientView(c.Id, c.Name, c.RedirectUris, c.CreatedAt, c.LastUsedAt)).ToArray();

        return Output.List(
            context,
            views,
            $"No OAuth clients in organization '{organizationId}'.",
            ["ID", "NAME", "CREATED (UTC)", "LAST USED (UTC)", "REDIRECT URIS"],
            c => [c.Id, c.Name, Output.Minutes(c.CreatedAt), Output.Minutes(c.LastUsedAt, "never"), string.Join(" ", c.RedirectUris)]);
    }

    private static async Task<int> DeleteAsync(CommandContext context)
    {
        string organizationId = context.Arguments[CliOptions.Org]!;
        string clientId = context.Arguments.Words[2];
        if (await context.CheckOrganizationAsync(organizationId) is { } notFound)
            return notFound;

        // Another organization's client, or a public one, is "not found" too: the answer must not tell them apart. Deleting
        // stops sign-ins and refreshes; the access tokens already issued stop because its connections are revoked with it.
        (OAuthClient? client, IReadOnlyList<Grant> revoked) = await context.Get<ClientRegistry>().DeleteConfidentialAsync(
            organizationId, clientId, context.CancellationToken);
        if (client is null)
            return context.Fail($"client '{clientId}' was not found in organization '{organizationId}': run 'clients list --org {organizationId}' to see its clients");

        context.Output.WriteLine($"Deleted client {client.Id} \"{client.Name}\": it can no longer sign anyone in or refresh a token.");
        context.Output.WriteLine(revoked.Count == 0
            ? "It had no active connections."
            : $"Revoked its {GrantsCommands.Connections(revoked.Count)}: their access tokens are refused from the next request on.");
        return ExitCodes.Success;
    }
}
