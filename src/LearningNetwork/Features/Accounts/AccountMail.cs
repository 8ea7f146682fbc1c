using LearningNetwork.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Accounts;

/// <summary>The account e-mails, written in the language the person used on the site.</summary>
public sealed class AccountMail(MailSender mail, IStringLocalizer<SharedResource> text)
{
    public Task SendConfirmationAsync(string to, string link, CancellationToken ct) =>
        mail.SendAsync(to, text["Mail.Confirm.Subject"], string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Mail.Confirm.Body"], link), ct);

    public Task SendPasswordResetAsync(string to, string link, CancellationToken ct) =>
        mail.SendAsync(to, text["Mail.Reset.Subject"], string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Mail.Reset.Body"], link), ct);

    /// <summary>An absolute link to a page of this site, in the current language.</summary>
    public static string Link(HttpRequest request, string path, IDictionary<string, string?> query) =>
        $"{request.Scheme}://{request.Host}/{LocalizationSetup.CurrentLanguage}/{path}{QueryString.Create(query)}";
}
