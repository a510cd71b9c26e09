using System.Net;
using System.Text.RegularExpressions;
using FunctionsMcp.Mcp.Tests.Authorization;

namespace FunctionsMcp.Mcp.Tests.Settings;

/// <summary>
/// A browser on the settings pages: its own cookie jar (through <see cref="OAuthBrowser"/>, so it can also connect apps),
/// redirects followed by hand, and forms read from the HTML and posted back with their fields, as a person's browser would
/// without JavaScript.
/// </summary>
public sealed partial class SettingsBrowser(string baseUrl) : IDisposable
{
    public OAuthBrowser OAuth { get; } = new(baseUrl);

    public HttpClient Http => OAuth.Http;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Opens <paramref name="path"/>, signs in as <paramref name="user"/> (<c>org/user</c>) when sent to, and returns the page it ends on.</summary>
    public async Task<string> OpenAsync(string path, string user)
    {
        using HttpResponseMessage first = await Http.GetAsync(path, Cancel);
        if (first.StatusCode == HttpStatusCode.OK)
            return await first.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        string signIn = first.Headers.Location!.OriginalString;
        Assert.StartsWith("/signin?request=", signIn, StringComparison.Ordinal);
        string back = await OAuth.SignInAsync(signIn, user);
        Assert.Equal(path, back);
        return await GetPageAsync(back);
    }

    /// <summary>GET that must answer 200; returns the HTML.</summary>
    public async Task<string> GetPageAsync(string path)
    {
        using HttpResponseMessage response = await Http.GetAsync(path, Cancel);
        string html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} at {path}: {html}");
        return html;
    }

    /// <summary>
    /// Posts the form of <paramref name="html"/> whose action is <paramref name="action"/> (the one holding
    /// <paramref name="containing"/>, when several share the action), with its fields as a browser sends them and
    /// <paramref name="overrides"/> in place of those of the same name.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string html, string action, string? containing = null, Dictionary<string, string[]>? overrides = null)
    {
        List<KeyValuePair<string, string>> fields = FormFields(html, action, containing);
        foreach ((string name, string[] values) in overrides ?? [])
        {
            fields.RemoveAll(f => f.Key == name);
            fields.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        }

        return await PostAsync(action, fields);
    }

    public Task<HttpResponseMessage> PostAsync(string action, IEnumerable<KeyValuePair<string, string>> fields) =>
        Http.PostAsync(action, new FormUrlEncodedContent(fields), Cancel);

    /// <summary>The fields a browser would send for the form: hidden and text inputs, ticked boxes, the chosen option, text areas.</summary>
    public static List<KeyValuePair<string, string>> FormFields(string html, string action, string? containing = null)
    {
        string form = FormBlock().Matches(html).Select(m => m.Value)
            .FirstOrDefault(f => f.Contains($"action=\"{action}\"", StringComparison.Ordinal) && (containing is null || f.Contains(containing, StringComparison.Ordinal)))
            ?? throw new InvalidOperationException($"No form posting to {action}{(containing is null ? "" : $" holding {containing}")} on the page.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in InputTag().Matches(form))
        {
            string tag = input.Value;
            string type = Attribute(tag, "type");
            if (type is "hidden" or "text" || ((type is "checkbox" or "radio") && tag.Contains(" checked", StringComparison.Ordinal)))
                fields.Add(new(Attribute(tag, "name"), Attribute(tag, "value")));
        }

        foreach (Match select in SelectBlock().Matches(form))
        {
            Match chosen = Regex.Match(select.Value, """<option value="([^"]*)" selected>""");
            fields.Add(new(Attribute(select.Value, "name"), WebUtility.HtmlDecode(chosen.Groups[1].Value)));
        }

        foreach (Match area in TextArea().Matches(form))
            fields.Add(new(WebUtility.HtmlDecode(area.Groups[1].Value), WebUtility.HtmlDecode(area.Groups[2].Value)));
        return fields;
    }

    /// <summary>The value of the <c>csrf</c> field of the page's forms.</summary>
    public static string Csrf(string html) => Attribute(Regex.Match(html, """<input type="hidden" name="csrf" value="[^"]*">""").Value, "value");

    /// <summary>The text of the element with <paramref name="id"/> (a <c>code</c> block or the value of an input), decoded.</summary>
    public static string Text(string html, string id)
    {
        Match input = Regex.Match(html, $"""<input [^>]*id="{Regex.Escape(id)}"[^>]*>""");
        if (input.Success)
            return Attribute(input.Value, "value");
        Match element = Regex.Match(html, $"""<(\w+) [^>]*id="{Regex.Escape(id)}"[^>]*>(.*?)</\1>""", RegexOptions.Singleline);
        Assert.True(element.Success, $"No element with id {id} on the page.");
        return WebUtility.HtmlDecode(element.Groups[2].Value);
    }

    public static string Attribute(string tag, string name) =>
        WebUtility.HtmlDecode(Regex.Match(tag, $"""\b{name}="([^"]*)" """.Trim()).Groups[1].Value);

    public void Dispose() => OAuth.Dispose();

    [GeneratedRegex("<form [^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormBlock();

    [GeneratedRegex("<input [^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("<select [^>]*>.*?</select>", RegexOptions.Singleline)]
    private static partial Regex SelectBlock();

    [GeneratedRegex("""<textarea [^>]*name="([^"]*)"[^>]*>(.*?)</textarea>""", RegexOptions.Singleline)]
    private static partial Regex TextArea();
}
