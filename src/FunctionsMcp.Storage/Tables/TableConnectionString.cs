namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// A parsed storage connection string: <c>UseDevelopmentStorage=true</c>, or an account name and key
/// with either <c>DefaultEndpointsProtocol</c>/<c>EndpointSuffix</c> or an explicit <c>TableEndpoint</c>.
/// </summary>
public sealed record TableConnectionString(Uri TableEndpoint, TableSharedKeyCredential Credential)
{
    /// <summary>The account Azurite and the storage emulator use.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The published key of the development account (not a secret).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Azurite's table endpoint on its standard port.</summary>
    public static readonly Uri DevelopmentTableEndpoint = new("http://127.0.0.1:10002/devstoreaccount1");

    /// <summary>Parses a connection string, or returns a sentence saying what is wrong with it.</summary>
    public static bool TryParse(string? value, out TableConnectionString? result, out string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the connection string is empty";
            return false;
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string segment in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"the part '{Describe(segment)}' is not of the form Name=Value";
                return false;
            }

            parts[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out string? development)
            && string.Equals(development, "true", StringComparison.OrdinalIgnoreCase))
        {
            result = new TableConnectionString(
                DevelopmentTableEndpoint, new TableSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey));
            error = null;
            return true;
        }

        if (!parts.TryGetValue("AccountName", out string? accountName) || accountName.Length == 0)
        {
            error = "AccountName is missing (or use UseDevelopmentStorage=true for Azurite)";
            return false;
        }

        if (!parts.TryGetValue("AccountKey", out string? accountKey) || accountKey.Length == 0)
        {
            error = "AccountKey is missing; in Azure, where shared keys are disabled, set a table service URI instead";
            return false;
        }

        TableSharedKeyCredential credential;
        try
        {
            credential = new TableSharedKeyCredential(accountName, accountKey);
        }
        catch (ArgumentException)
        {
            error = "AccountKey is not valid base64";
            return false;
        }

        Uri? endpoint;
        if (parts.TryGetValue("TableEndpoint", out string? tableEndpoint))
        {
            if (!Uri.TryCreate(tableEndpoint, UriKind.Absolute, out endpoint)
                || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                error = $"TableEndpoint '{tableEndpoint}' is not an absolute http or https URL";
                return false;
            }
        }
        else
        {
            string protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            if (protocol is not ("http" or "https"))
            {
                error = $"DefaultEndpointsProtocol '{protocol}' must be http or https";
                return false;
            }

            string suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            if (!Uri.TryCreate($"{protocol}://{accountName}.table.{suffix}", UriKind.Absolute, out endpoint))
            {
                error = $"AccountName '{accountName}' and EndpointSuffix '{suffix}' do not form a valid URL";
                return false;
            }
        }

        result = new TableConnectionString(endpoint, credential);
        error = null;
        return true;
    }

    /// <summary>Parses a connection string or throws <see cref="FormatException"/> naming the problem.</summary>
    public static TableConnectionString Parse(string value) =>
        TryParse(value, out TableConnectionString? result, out string? error)
            ? result!
            : throw new FormatException($"The storage connection string is not valid: {error}.");

    // Never echo a key back: show only the name of a malformed part.
    private static string Describe(string segment) => segment.Length > 20 ? segment[..20] + "…" : segment;
}
