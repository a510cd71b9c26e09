using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FunctionsMcp.OAuth.Audit;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Tests.Settings;

/// <summary>What every settings page is: never framed or cached, a strict CSP, labelled inputs, encoded values, and the activity pages.</summary>
public sealed partial class SettingsPageTests(AzuriteFixture azurite) : SettingsTest(azurite)
{
    [Fact]
    public async Task ThePage_IsNeverFramedCachedOrSentAsAReferrer_AndItsCspAllowsOnlyItsOwnScriptAndStyle()
    {
        await Browser.OpenAsync("/settings/mcp", Admin);
        using HttpResponseMessage response = await Browser.Http.GetAsync("/settings/mcp", Cancel);
        string html = await response.Content.ReadAsStringAsync(Cancel);
        string csp = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        string script = Assert.Single(Regex.Matches(html, "<script>(.*?)</script>", RegexOptions.Singleline)).Groups[1].Value;
        string style = Assert.Single(Regex.Matches(html, "<style>(.*?)</style>", RegexOptions.Singleline)).Groups[1].Value;
        Assert.Contains($"script-src '{Hash(script)}'", csp, StringComparison.Ordinal);
        Assert.Contains($"style-src '{Hash(style)}'", csp, StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryInput_HasALabel_AndCopyButtonsWaitForTheScript()
    {
        await Server.CreateKeyAsync(Tenant, TestTenant.Admin);
        await Browser.OpenAsync("/settings/mcp", Admin);
        string page = await Browser.GetPageAsync("/settings/mcp");
        string created = (await CreateKeyAsync(Browser, page, "Labelled")).Html;

        foreach (string html in new[] { page, created })
        {
            string[] ids = [.. Regex.Matches(html, "<(?:input|select|textarea) [^>]*>").Select(m => m.Value)
                .Where(tag => !tag.Contains("type=\"hidden\"", StringComparison.Ordinal))
                .Select(tag => SettingsBrowser.Attribute(tag, "id"))];
            Assert.NotEmpty(ids);
            Assert.All(ids, id => Assert.Contains($"<label for=\"{id}\"", html, StringComparison.Ordinal));
            Assert.All(Regex.Matches(html, "<button [^>]*data-copy[^>]*>").Select(m => m.Value), button => Assert.Contains(" hidden", button, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Names_AreHtmlEncodedEverywhere()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);

        string created = (await CreateKeyAsync(Browser, page, "<script>alert(1)</script>")).Html;
        string later = await Browser.GetPageAsync("/settings/mcp");

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", later, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", later, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", created, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePage_GivesTheMcpUrl_AndHowEachClientConnects()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);

        Assert.Equal(Server.McpUrl, SettingsBrowser.Text(page, "mcp-url"));
        Assert.Equal($"claude mcp add --transport http functions-mcp {Server.McpUrl}", SettingsBrowser.Text(page, "claude-code-command"));
        Assert.Equal($"codex mcp add functions-mcp --url {Server.McpUrl}", SettingsBrowser.Text(page, "codex-command"));
        Assert.Contains($"\"url\": \"{Server.McpUrl}\"", SettingsBrowser.Text(page, "vscode-json"), StringComparison.Ordinal);
        foreach (string client in new[] { "Claude (claude.ai and Claude Desktop)", "ChatGPT", "Manus", "Claude Code", "Codex", "VS Code" })
            Assert.Contains($"<h3>{client}</h3>", page, StringComparison.Ordinal);
        Assert.Contains("cannot reach it", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_IsNewestFirst_AndPaged_WithACursorInTheQuery()
    {
        string page = await Browser.OpenAsync("/settings/mcp", Coordinator);
        string key = ShownKey((await CreateKeyAsync(Browser, page, "Busy")).Html);
        string keyId = key.Split('_')[1];
        DateTimeOffset start = Time.GetUtcNow();
        AuditEntry[] entries = [.. Enumerable.Range(0, 30).Select(i => new AuditEntry(start.AddSeconds(i), Tenant.OrganizationId, TestTenant.Coordinator,
            "AccessKey", keyId, null, "tools/call", $"tool_{i:00}", "ok", 200, 5))];
        Assert.Empty(await Server.Services.GetRequiredService<IAuditStore>().WriteAsync(entries, Cancel));

        string first = await Browser.GetPageAsync($"/settings/mcp/activity?key={keyId}");
        string older = WebUtility.HtmlDecode(Regex.Match(first, """<a id="activity-older" href="([^"]+)">""").Groups[1].Value);
        string second = await Browser.GetPageAsync(older);
        using HttpResponseMessage forged = await Browser.Http.GetAsync($"/settings/mcp/activity?key={keyId}&after=not-a-cursor", Cancel);

        Assert.Equal([.. Enumerable.Range(5, 25).Reverse().Select(i => $"tool_{i:00}")], Tools(first));
        Assert.Equal([.. Enumerable.Range(0, 5).Reverse().Select(i => $"tool_{i:00}")], Tools(second));
        Assert.DoesNotContain("activity-older", second, StringComparison.Ordinal);
        Assert.Contains("activity-newest", second, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("<h1>Activity of the key &quot;Busy&quot;</h1>", first, StringComparison.Ordinal);
    }

    private static string[] Tools(string html) => [.. Regex.Matches(html, "<td>(tool_\\d\\d)</td>").Select(m => m.Groups[1].Value)];

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex(@"\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
