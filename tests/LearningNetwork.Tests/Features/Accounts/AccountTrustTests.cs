using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Accounts;

/// <summary>The holes of issue "Trust" in accounts: e-mailed links, rate limits, enumeration, two-factor, token lifespans, keys at rest.</summary>
public sealed partial class AccountTrustTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static string Address() => $"someone-{Guid.NewGuid():N}@example.org";

    private static TestApp NewApp(string provider, params (string Key, string? Value)[] settings)
    {
        var all = Mailbox.Settings();
        foreach (var (key, value) in settings) all[key] = value;
        return new TestApp(provider, all);
    }

    private static Dictionary<string, string> Registration(string email) => new()
    {
        ["Form.DisplayName"] = "Ana Officer", ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password, ["Form.ConfirmPassword"] = TestPeople.Password,
    };

    private static HttpClient ClientFor(WebApplicationFactory<Program> app, string baseAddress) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });

    // ---- Links in e-mails ----

    [Fact]
    public async Task A_reset_link_is_built_from_the_public_url_never_from_the_Host_header()
    {
        // AllowedHosts "*" (as in Development, or a proxy that passes any Host on): the link must still not follow the Host header.
        using var app = NewApp(Infrastructure.Providers.Sqlite, ("Site:PublicUrl", "https://network.example.eu/"), ("AllowedHosts", "*"));
        var (_, email) = await TestPeople.RegisteredAsync(app);
        var forged = ClientFor(app, "http://evil.example");
        var sent = await forged.SubmitAsync("/en/account/forgot-password", new Dictionary<string, string> { ["Form.Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var message = await Mailbox.LatestToAsync(app, email, atLeast: 2);
        Assert.Equal("Choose a new password", message.Subject);
        Assert.StartsWith("https://network.example.eu/en/account/reset-password?", Mailbox.LinkIn(message), StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", message.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Outside_Development_a_Host_other_than_the_public_one_is_refused()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite, ("Site:PublicUrl", "https://network.example.eu"));
        Assert.Equal(HttpStatusCode.BadRequest, (await ClientFor(app, "http://evil.example").GetAsync("/en/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientFor(app, "http://network.example.eu").GetAsync("/en/")).StatusCode);
    }

    [Fact]
    public async Task Outside_Development_start_up_without_a_public_url_fails_with_a_clear_message()
    {
        var root = Directory.CreateTempSubdirectory("ln-start-").FullName;
        try
        {
            var (exit, _, error) = await AppProcess.RunAsync("--urls", "http://127.0.0.1:0", $"--Storage:Root={root}"); // Production, as an operator runs it
            Assert.Equal(1, exit);
            Assert.Contains("Cannot start: Site:PublicUrl is required outside Development", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // ---- Rate limits ----

    private static async Task<HttpResponseMessage> FromAsync(HttpClient client, string clientAddress, string page, Dictionary<string, string> fields)
    {
        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return await client.SubmitAsync(page, fields);
    }

    [Fact]
    public async Task Too_many_password_reset_requests_from_one_address_get_a_429_page_in_the_readers_language()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite, ("Accounts:AttemptsPerMinute", "3"), ("Accounts:AttemptsPerHour", "100"));
        var client = app.Client();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await FromAsync(client, "203.0.113.7", "/fr/account/forgot-password", new() { ["Form.Email"] = Address() })).StatusCode);
        var refused = await FromAsync(client, "203.0.113.7", "/fr/account/forgot-password", new() { ["Form.Email"] = Address() });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("Trop de demandes", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        // Another client address is not held back, and neither are other pages.
        Assert.Equal(HttpStatusCode.Redirect, (await FromAsync(client, "203.0.113.8", "/fr/account/forgot-password", new() { ["Form.Email"] = Address() })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/fr/account/forgot-password")).StatusCode);
    }

    [Fact]
    public async Task Too_many_sign_in_attempts_on_one_account_from_many_addresses_get_a_429()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite, ("Accounts:AttemptsPerMinute", "100"), ("Accounts:AttemptsPerHour", "4"));
        var email = Address();
        var client = app.Client();
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await FromAsync(client, $"198.51.100.{i + 1}", "/en/account/sign-in", new() { ["Form.Email"] = email, ["Form.Password"] = "wrong password " + i })).StatusCode);
        var refused = await FromAsync(client, "198.51.100.99", "/en/account/sign-in", new() { ["Form.Email"] = email.ToUpperInvariant(), ["Form.Password"] = "wrong" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await FromAsync(client, "198.51.100.99", "/en/account/sign-in", new() { ["Form.Email"] = Address(), ["Form.Password"] = "wrong" })).StatusCode);
        var register = await FromAsync(client, "198.51.100.100", "/en/account/register", Registration(email));
        Assert.Equal(HttpStatusCode.Redirect, register.StatusCode); // limits are per page: registering is another count
    }

    // ---- Registration tells no one who has an account ----

    [Theory, MemberData(nameof(Providers))]
    public async Task Registering_an_existing_address_answers_like_a_new_one_and_tells_the_owner(string provider)
    {
        using var app = NewApp(provider);
        var (_, existing) = await TestPeople.RegisteredAsync(app);
        var client = app.Client();
        var again = await client.SubmitAsync("/en/account/register", Registration(existing.ToUpperInvariant()));
        var fresh = await client.SubmitAsync("/en/account/register", Registration(Address()));
        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(fresh.Headers.Location, again.Headers.Location);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        var warning = await Mailbox.LatestToAsync(app, existing, atLeast: 2);
        Assert.Equal("Someone tried to register with your address", warning.Subject);
        Assert.Matches(@"^http://localhost:\d+/en/account/sign-in$", Mailbox.LinkIn(warning));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == existing.ToUpperInvariant()));
    }

    // ---- Two-factor ----

    private static async Task<string> EnableTwoFactorAsync(HttpClient client)
    {
        var setup = WebUtility.HtmlDecode(await client.GetStringAsync("/en/account/two-factor"));
        var key = KeyRegex().Match(setup).Groups[1].Value;
        Assert.NotEmpty(key);
        var enabled = await client.SubmitAsync("/en/account/two-factor",
            new Dictionary<string, string> { ["Code"] = TwoFactorTests.Totp(key, DateTimeOffset.UtcNow) }, "/en/account/two-factor?handler=Enable");
        Assert.Contains("Two-factor sign-in is on", WebUtility.HtmlDecode(await enabled.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        return key;
    }

    [Fact]
    public async Task Turning_two_factor_off_needs_the_current_password_or_a_code()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite);
        var (client, _) = await TestPeople.RegisteredAsync(app);
        var key = await EnableTwoFactorAsync(client);

        var bare = await client.SubmitAsync("/en/account/two-factor", new Dictionary<string, string>(), "/en/account/two-factor?handler=Disable");
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        var wrong = await client.SubmitAsync("/en/account/two-factor", new Dictionary<string, string> { ["Password"] = "not my password" }, "/en/account/two-factor?handler=Disable");
        Assert.Contains("Enter your current password or a code from your app.", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("Two-factor sign-in is on", WebUtility.HtmlDecode(await client.GetStringAsync("/en/account/two-factor")), StringComparison.Ordinal);

        var off = await client.SubmitAsync("/en/account/two-factor", new Dictionary<string, string> { ["Password"] = TestPeople.Password }, "/en/account/two-factor?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.DoesNotContain("Two-factor sign-in is on", WebUtility.HtmlDecode(await client.GetStringAsync("/en/account/two-factor")), StringComparison.Ordinal);
        _ = key;
    }

    [Theory]
    [InlineData(Roles.NetworkAdmin, "/en/admin/audit")]
    [InlineData(Roles.NetworkAdmin, "/en/membership/review")]
    [InlineData(Roles.Moderator, "/en/practices/review")]
    public async Task A_coordinator_without_two_factor_is_sent_to_set_it_up_and_cannot_open_coordinator_pages(string role, string page)
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite, ("Accounts:RequireTwoFactorForCoordinators", "true"));
        var email = Address();
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
            var user = new UserAccount { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, TestPeople.Password)).Succeeded);
            await users.AddToRoleAsync(user, role);
        }
        var client = app.Client();
        var signedIn = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password });
        Assert.Equal("/en/account/two-factor?required=true", signedIn.Headers.Location?.OriginalString);
        var blocked = await client.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal("/en/account/two-factor?required=true", blocked.Headers.Location?.OriginalString);
        Assert.Contains("Your role needs two-factor sign-in", WebUtility.HtmlDecode(await client.GetStringAsync("/en/account/two-factor?required=true")), StringComparison.Ordinal);

        await EnableTwoFactorAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);
    }

    // ---- Token lifespans ----

    /// <summary>The system clock, moved on by the test.</summary>
    private sealed class MovableClock : TimeProvider
    {
        public TimeSpan Ahead { get; set; }
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Ahead;
    }

    [Fact]
    public async Task A_password_reset_link_lasts_an_hour_while_a_confirmation_link_lasts_a_day()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite);
        var clock = new MovableClock();
        using var moved = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = ClientFor(moved, "http://localhost");
        var email = Address();
        await client.SubmitAsync("/en/account/register", Registration(email));
        var confirm = Forms.PathAndQuery(Mailbox.LinkIn(await Mailbox.LatestToAsync(app, email)));

        clock.Ahead = TimeSpan.FromHours(2);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(confirm)).StatusCode);
        using (var scope = app.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Users.AnyAsync(u => u.Email == email && u.EmailConfirmed));

        await client.SubmitAsync("/en/account/forgot-password", new Dictionary<string, string> { ["Form.Email"] = email });
        var resetPage = Forms.PathAndQuery(Mailbox.LinkIn(await Mailbox.LatestToAsync(app, email, atLeast: 2)));
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + resetPage).Query);
        var fields = new Dictionary<string, string>
        {
            ["Form.Email"] = query["email"]!, ["Form.Code"] = query["code"]!, ["Form.Password"] = "heath lark willow stream", ["Form.ConfirmPassword"] = "heath lark willow stream",
        };
        clock.Ahead += TimeSpan.FromMinutes(61);
        var late = await client.SubmitAsync(resetPage, fields, "/en/account/reset-password");
        Assert.Equal("/en/account/message/invalid-link", late.Headers.Location?.OriginalString);

        clock.Ahead -= TimeSpan.FromMinutes(2); // 59 minutes after it was sent: still good
        var inTime = await client.SubmitAsync(resetPage, fields, "/en/account/reset-password");
        Assert.Equal("/en/account/message/password-reset", inTime.Headers.Location?.OriginalString);
    }

    // ---- Data-protection keys at rest ----

    [Fact]
    public async Task With_a_certificate_configured_the_data_protection_keys_are_stored_encrypted()
    {
        var folder = Directory.CreateTempSubdirectory("ln-cert-").FullName;
        try
        {
            var path = Path.Combine(folder, "keys.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=Learning Network keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "cert secret"));
            }
            using var app = NewApp(Infrastructure.Providers.Sqlite, ("DataProtection:CertificatePath", path), ("DataProtection:CertificatePassword", "cert secret"));
            var (client, _) = await TestPeople.RegisteredAsync(app); // antiforgery, tokens and the cookie all use the keys
            Assert.Contains("Signed in as", WebUtility.HtmlDecode(await client.GetStringAsync("/en/")), StringComparison.Ordinal);
            using var scope = app.Services.CreateScope();
            var keys = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_data_protection_certificate_that_cannot_be_read_stops_start_up_with_a_clear_message()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite, ("DataProtection:CertificatePath", "/nonexistent/keys.pfx"));
        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains("DataProtection:CertificatePath", error.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("<code class=\"key\">([a-z0-9 ]+)</code>")] private static partial Regex KeyRegex();
}
