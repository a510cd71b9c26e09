using Microsoft.Extensions.Options;

namespace FunctionsMcp.Storage;

/// <summary>Checks the storage settings at start-up; each message names the setting and the fix.</summary>
internal sealed class TableStorageOptionsValidator : IValidateOptions<TableStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, TableStorageOptions options)
    {
        bool hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        bool hasUri = !string.IsNullOrWhiteSpace(options.TableServiceUri);
        var failures = new List<string>();

        if (hasConnectionString == hasUri)
        {
            failures.Add(hasConnectionString
                ? "Set only one of Storage:ConnectionString and Storage:TableServiceUri, not both."
                : "Storage is not configured: set Storage:ConnectionString (UseDevelopmentStorage=true for Azurite) " +
                  "or Storage:TableServiceUri (https://<account>.table.core.windows.net in Azure).");
        }
        else if (hasConnectionString && !StorageConnectionString.TryGetTableEndpoint(options.ConnectionString, out _, out string? error))
        {
            failures.Add($"Storage:ConnectionString is not valid: {error}.");
        }
        else if (hasUri && (!Uri.TryCreate(options.TableServiceUri, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"Storage:TableServiceUri '{options.TableServiceUri}' must be an absolute https URL such as https://<account>.table.core.windows.net.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
            failures.Add($"Storage:RequestTimeout {options.RequestTimeout} must be between 00:00:01 and 00:05:00.");
        if (options.MaxRetries is < 0 or > 10)
            failures.Add($"Storage:MaxRetries {options.MaxRetries} must be between 0 and 10.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
