using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace LearningNetwork.Features.Moderation;

public static class ModerationSetup
{
    /// <summary>After AddAccounts: replaces Identity's sign-in manager with the one that knows suspensions.</summary>
    public static void AddModeration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReportedContent>();
        builder.Services.AddScoped<Suspensions>();
        builder.Services.AddScoped<ModerationDesk>();
        builder.Services.AddScoped<WaitingMail>();
        builder.Services.AddScoped<SignInManager<UserAccount>, ModerationSignInManager>();
        builder.Services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, SuspendedSessions.Configure);
    }
}
