using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Accounts;

public sealed partial class TwoFactorTests
{
    /// <summary>RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from a base32 key, as an authenticator app computes it.</summary>
    internal static string Totp(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key);
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
#pragma warning disable CA5350 // RFC 6238 TOTP is defined over HMAC-SHA-1, as authenticator apps compute it.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.ToUpperInvariant().Where(char.IsLetterOrDigit).Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_an_authenticator_code_or_a_recovery_code()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (client, email) = await TestPeople.RegisteredAsync(app);
        var setup = WebUtility.HtmlDecode(await client.GetStringAsync("/en/account/two-factor"));
        var key = KeyRegex().Match(setup).Groups[1].Value;
        Assert.NotEmpty(key);

        var wrong = await client.SubmitAsync("/en/account/two-factor", new Dictionary<string, string> { ["Code"] = "000000" }, "/en/account/two-factor?handler=Enable");
        Assert.Contains("This code is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var enabled = WebUtility.HtmlDecode(await (await client.SubmitAsync("/en/account/two-factor",
            new Dictionary<string, string> { ["Code"] = Totp(key, DateTimeOffset.UtcNow) }, "/en/account/two-factor?handler=Enable")).Content.ReadAsStringAsync());
        Assert.Contains("Two-factor sign-in is on", enabled, StringComparison.Ordinal);
        var recovery = CodeRegex().Matches(enabled).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recovery.Count);

        var fresh = app.Client();
        var first = await fresh.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password });
        Assert.StartsWith("/en/account/sign-in-code", first.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("Signed in as", await fresh.GetStringAsync("/en/"), StringComparison.Ordinal);
        var bad = await fresh.SubmitAsync("/en/account/sign-in-code", new Dictionary<string, string> { ["Code"] = "123" });
        Assert.Contains("This code is not right.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ok = await fresh.SubmitAsync("/en/account/sign-in-code", new Dictionary<string, string> { ["Code"] = recovery[0] });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Contains($"Signed in as {email}", WebUtility.HtmlDecode(await fresh.GetStringAsync("/en/")), StringComparison.Ordinal);

        var again = app.Client();
        await again.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password });
        var reused = await again.SubmitAsync("/en/account/sign-in-code", new Dictionary<string, string> { ["Code"] = recovery[0] });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode); // a recovery code works once
        var byApp = await again.SubmitAsync("/en/account/sign-in-code", new Dictionary<string, string> { ["Code"] = Totp(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, byApp.StatusCode);
    }

    [Fact]
    public async Task Looking_at_the_two_factor_page_changes_nothing()
    {
        // A GET reset the authenticator key, which changes the security stamp and so signed the person out everywhere else.
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (client, email) = await TestPeople.RegisteredAsync(app);
        async Task<string?> StampAsync()
        {
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LearningNetwork.Domain.UserAccount>>();
            return (await users.FindByEmailAsync(email))!.SecurityStamp;
        }
        var before = await StampAsync();
        var first = KeyRegex().Match(WebUtility.HtmlDecode(await client.GetStringAsync("/en/account/two-factor"))).Groups[1].Value;
        var second = KeyRegex().Match(WebUtility.HtmlDecode(await client.GetStringAsync("/en/account/two-factor"))).Groups[1].Value;
        Assert.NotEmpty(first);
        Assert.Equal(first, second); // the same key on every look, so a reload does not invalidate what the app scanned
        Assert.Equal(before, await StampAsync());

        // The key shown is the one that works.
        var enabled = WebUtility.HtmlDecode(await (await client.SubmitAsync("/en/account/two-factor",
            new Dictionary<string, string> { ["Code"] = Totp(first, DateTimeOffset.UtcNow) }, "/en/account/two-factor?handler=Enable")).Content.ReadAsStringAsync());
        Assert.Contains("Two-factor sign-in is on", enabled, StringComparison.Ordinal);
    }

    [Fact]
    public void Totp_matches_the_RFC_6238_test_vector()
    {
        // RFC 6238, appendix B: key "12345678901234567890" (base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ), T = 59 s -> 94287082 (8 digits).
        Assert.Equal("287082", Totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(59)));
    }

    [GeneratedRegex("<code class=\"key\">([a-z0-9 ]+)</code>")] private static partial Regex KeyRegex();
    [GeneratedRegex("<li><code>([A-Za-z0-9-]+)</code></li>")] private static partial Regex CodeRegex();
}
