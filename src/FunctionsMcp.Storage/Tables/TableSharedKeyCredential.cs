using System.Security.Cryptography;
using System.Text;

namespace FunctionsMcp.Storage.Tables;

/// <summary>An account name and key, used to sign requests with Shared Key Lite.</summary>
public sealed class TableSharedKeyCredential
{
    private readonly byte[] _key;

    /// <param name="accountName">The storage account name.</param>
    /// <param name="accountKey">The base64 account key.</param>
    public TableSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            throw new ArgumentException("The account key is not valid base64.", nameof(accountKey));
        }
    }

    /// <summary>The storage account name.</summary>
    public string AccountName { get; }

    internal string Sign(string stringToSign)
    {
        byte[] signature = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign));
        return Convert.ToBase64String(signature);
    }
}
