namespace FunctionsMcp.Storage;

/// <summary>
/// Where the app keeps its tables (configuration section <c>Storage</c>). Set exactly one of
/// <see cref="ConnectionString"/> (Azurite, or an account key) and <see cref="TableServiceUri"/> (Azure, managed identity).
/// </summary>
public sealed class TableStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary><c>Storage:ConnectionString</c>: <c>UseDevelopmentStorage=true</c> locally.</summary>
    public string? ConnectionString { get; set; }

    /// <summary><c>Storage:TableServiceUri</c>: <c>https://&lt;account&gt;.table.core.windows.net</c> in Azure.</summary>
    public string? TableServiceUri { get; set; }

    /// <summary><c>Storage:ManagedIdentityClientId</c>: the user-assigned identity to sign in with; empty tries <c>DefaultAzureCredential</c>.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary><c>Storage:RequestTimeout</c>: how long one storage request may take (default 00:00:30).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Storage:MaxRetries</c>: retries of throttled or failed requests (default 3).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// <c>Storage:CreateTables</c>: create each table on its first use (default true). infra/ creates them in Azure and
    /// sets this false, so a new instance's first requests make no table-creation round trips.
    /// </summary>
    public bool CreateTables { get; set; } = true;
}
