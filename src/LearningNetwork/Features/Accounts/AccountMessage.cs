using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.Accounts;

/// <summary>The outcome pages of the account flows (/{lang}/account/message/{kind}).</summary>
internal static class AccountMessage
{
    public static LocalRedirectResult Redirect(string kind) =>
        new($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/message/{kind}");
}
