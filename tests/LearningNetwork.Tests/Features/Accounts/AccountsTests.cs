using System.Net;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Features.Accounts;

public sealed class AccountsTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static TestApp NewApp(string provider) => new(provider, Mailbox.Settings());

    private static string Address() => $"officer-{Guid.NewGuid():N}@example.org";

    private static Dictionary<string, string> Registration(string email, string password = "peat bog otter meadow") => new()
    {
        ["Form.DisplayName"] = "Ana Officer", ["Form.Email"] = email, ["Form.Password"] = password, ["Form.ConfirmPassword"] = password,
    };

    [Theory, MemberData(nameof(Providers))]
    public async Task Register_confirm_by_the_emailed_link_sign_in_and_sign_out(string provider)
    {
        using var app = NewApp(provider);
        var client = app.Client();
        var email = Address();

        var registered = await client.SubmitAsync("/fr/account/register", Registration(email));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal("/fr/account/message/check-email", registered.Headers.Location?.OriginalString);

        // Not confirmed yet: sign-in refused with the reason.
        var early = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "peat bog otter meadow" });
        Assert.Contains("Confirm your e-mail address first", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var message = await Mailbox.LatestToAsync(app, email);
        Assert.Equal("Confirmez votre adresse électronique", message.Subject); // in the language the person registered in
        var link = Mailbox.LinkIn(message);
        var confirmed = await client.GetStringAsync(Forms.PathAndQuery(link));
        Assert.Contains("Votre adresse électronique est confirmée", WebUtility.HtmlDecode(confirmed), StringComparison.Ordinal);
        var again = await client.GetStringAsync(Forms.PathAndQuery(link));
        Assert.Contains("déjà confirmée", WebUtility.HtmlDecode(again), StringComparison.Ordinal);

        var signedIn = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "peat bog otter meadow" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var home = await client.GetStringAsync("/en/");
        Assert.Contains($"Signed in as {email}", WebUtility.HtmlDecode(home), StringComparison.Ordinal);

        var signedOut = await client.SubmitAsync("/en/", new Dictionary<string, string>(), "/en/account/sign-out");
        Assert.Equal("/en/account/message/signed-out", signedOut.Headers.Location?.OriginalString);
        Assert.DoesNotContain("Signed in as", await client.GetStringAsync("/en/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_confirmation_link_says_it_does_not_work()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite);
        var client = app.Client();
        var email = Address();
        await client.SubmitAsync("/en/account/register", Registration(email));
        var link = Mailbox.LinkIn(await Mailbox.LatestToAsync(app, email));
        var tampered = Forms.PathAndQuery(link).Replace("code=", "code=AAAA", StringComparison.Ordinal);
        Assert.Contains("This link does not work", await client.GetStringAsync(tampered), StringComparison.Ordinal);
        Assert.Contains("This link does not work", await client.GetStringAsync("/en/account/confirm-email?userId=nobody&code=%%%"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_errors_are_shown_next_to_their_fields_in_the_readers_language_and_keep_what_was_typed()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite);
        var client = app.Client();
        var response = await client.SubmitAsync("/de/account/register", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Jan Kowalski", ["Form.Email"] = "not-an-address", ["Form.Password"] = "short", ["Form.ConfirmPassword"] = "other",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Geben Sie eine E-Mail-Adresse wie name@beispiel.org ein.", html, StringComparison.Ordinal);
        Assert.Contains("Verwenden Sie mindestens 12 Zeichen.", html, StringComparison.Ordinal);
        Assert.Contains("Die beiden Passwörter stimmen nicht überein.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Jan Kowalski\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"not-an-address\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"short\"", html, StringComparison.Ordinal); // passwords are never echoed

        var email = Address();
        await client.SubmitAsync("/en/account/register", Registration(email));
        // An address that has an account is answered like a new one (AccountTrustTests checks the e-mail to its owner).
        var duplicate = await client.SubmitAsync("/fr/account/register", Registration(email.ToUpperInvariant()));
        Assert.Equal("/fr/account/message/check-email", duplicate.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_a_password_reset_by_email_opens_it_again()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite);
        var client = app.Client();
        var email = Address();
        await client.SubmitAsync("/en/account/register", Registration(email));
        await client.GetAsync(Forms.PathAndQuery(Mailbox.LinkIn(await Mailbox.LatestToAsync(app, email))));

        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "wrong password " + i });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var locked = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "peat bog otter meadow" });
        Assert.Contains("this account is locked for 15 minutes", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await client.SubmitAsync("/en/account/forgot-password", new Dictionary<string, string> { ["Form.Email"] = email });
        var reset = await Mailbox.LatestToAsync(app, email, atLeast: 2);
        Assert.Equal("Choose a new password", reset.Subject);
        var resetPage = Forms.PathAndQuery(Mailbox.LinkIn(reset));
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + resetPage).Query);
        var fields = new Dictionary<string, string>
        {
            ["Form.Email"] = query["email"]!, ["Form.Code"] = query["code"]!, ["Form.Password"] = "heath lark willow stream", ["Form.ConfirmPassword"] = "heath lark willow stream",
        };
        var done = await client.SubmitAsync(resetPage, fields, "/en/account/reset-password");
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        Assert.Equal("/en/account/message/password-reset", done.Headers.Location?.OriginalString);
        var reused = await client.SubmitAsync(resetPage, fields, "/en/account/reset-password");
        Assert.Equal("/en/account/message/invalid-link", reused.Headers.Location?.OriginalString);

        var signedIn = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "heath lark willow stream" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_person_changes_their_password_and_only_they_can()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite);
        var client = app.Client();
        var anonymous = await client.GetAsync("/fr/account/password");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/fr/account/sign-in?returnUrl=", anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var email = Address();
        await client.SubmitAsync("/en/account/register", Registration(email));
        await client.GetAsync(Forms.PathAndQuery(Mailbox.LinkIn(await Mailbox.LatestToAsync(app, email))));
        await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "peat bog otter meadow" });

        var wrong = await client.SubmitAsync("/en/account/password", new Dictionary<string, string>
        {
            ["Form.CurrentPassword"] = "not my password", ["Form.Password"] = "alder reed kingfisher", ["Form.ConfirmPassword"] = "alder reed kingfisher",
        });
        Assert.Contains("This is not your current password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var changed = await client.SubmitAsync("/en/account/password", new Dictionary<string, string>
        {
            ["Form.CurrentPassword"] = "peat bog otter meadow", ["Form.Password"] = "alder reed kingfisher", ["Form.ConfirmPassword"] = "alder reed kingfisher",
        });
        Assert.Equal("/en/account/message/password-changed", changed.Headers.Location?.OriginalString);

        var other = app.Client();
        var old = await other.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "peat bog otter meadow" });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        var fresh = await other.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = "alder reed kingfisher" });
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
    }

    [Fact]
    public async Task Forgotten_password_answers_the_same_for_unknown_addresses()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite);
        var response = await app.Client().SubmitAsync("/en/account/forgot-password", new Dictionary<string, string> { ["Form.Email"] = Address() });
        Assert.Equal("/en/account/message/check-email", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        using var app = NewApp(Infrastructure.Providers.Sqlite);
        var response = await app.Client().PostAsync("/en/account/register", new FormUrlEncodedContent(Registration(Address())));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
