using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Accounts;

/// <summary>The account e-mails, written in the language the person used on the site; their links come from <see cref="SiteLinks"/>.</summary>
public sealed class AccountMail(MailSender mail, SiteLinks links, IStringLocalizer<SharedResource> text)
{
    public Task SendConfirmationAsync(string to, string link, CancellationToken ct) =>
        mail.SendAsync(to, text["Mail.Confirm.Subject"], string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Mail.Confirm.Body"], link), ct);

    public Task SendPasswordResetAsync(string to, string link, CancellationToken ct) =>
        mail.SendAsync(to, text["Mail.Reset.Subject"], string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Mail.Reset.Body"], link), ct);

    /// <summary>To the owner of an address someone tried to register again: the way to sign in or to reset the password.</summary>
    public Task SendAlreadyRegisteredAsync(string to, CancellationToken ct) =>
        mail.SendAsync(to, text["Mail.AlreadyRegistered.Subject"], string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Mail.AlreadyRegistered.Body"],
            Link("account/sign-in"), Link("account/forgot-password")), ct);

    /// <summary>An absolute link to a page of this site, in the current language, at the network's public address.</summary>
    public string Link(string path, IDictionary<string, string?>? query = null) => links.To(LocalizationSetup.CurrentLanguage, path, query);
}
