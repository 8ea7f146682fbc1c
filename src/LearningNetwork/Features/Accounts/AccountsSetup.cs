using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// Accounts with ASP.NET Core Identity: a confirmed e-mail address before the first sign-in, passwords of at
/// least 12 characters (length over composition rules), lockout after 5 failures for 15 minutes, confirmation links
/// valid for 24 hours and password-reset links for 1 hour, rate limits on the pages that guess or send
/// (<see cref="AccountThrottle"/>), two-factor sign-in required of coordinators (<see cref="AccountClaimsFactory"/>),
/// and the sign-in cookie only over HTTPS outside Development.
/// </summary>
public static class AccountsSetup
{
    public const int MinimumPasswordLength = 12;

    public static void AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().Bind(builder.Configuration.GetSection(EmailOptions.Section));
        builder.Services.AddOptions<AccountsOptions>().Bind(builder.Configuration.GetSection(AccountsOptions.Section))
            .Validate(o => o.AttemptsPerMinute >= 0 && o.AttemptsPerHour >= 0, "Accounts:AttemptsPerMinute and Accounts:AttemptsPerHour cannot be negative.")
            .Validate(o => o.PasswordResetLifespan > TimeSpan.Zero && o.PasswordResetLifespan <= TimeSpan.FromHours(24),
                "Accounts:PasswordResetLifespan must be more than zero and at most 24 hours.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AccountThrottle>();
        builder.AddKeyProtection();
        builder.Services.AddScoped<DemoPanel>();
        builder.Services.AddScoped<MailSender>();
        builder.Services.AddScoped<AccountMail>();

        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.AddAuthorization();
        builder.Services.AddIdentityCore<UserAccount>(o =>
            {
                o.SignIn.RequireConfirmedEmail = true;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = MinimumPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.Name;
            })
            .AddRoles<IdentityRole>()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>()
            .AddEntityFrameworkStores<LearningNetworkDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProvider.Name);
        // Confirmation links (Identity's default provider); reset links have their own, shorter lifespan.
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(24));
        // A changed password or a removed role reaches every open session within a minute.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "ln.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS, which outside Development it always is (HTTPS redirection, or the
            // proxy's forwarded scheme).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Sign-in and denial pages in the reader's language.
            o.Events.OnRedirectToLogin = c =>
            {
                if (c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    c.Response.StatusCode = StatusCodes.Status401Unauthorized; // API clients get a status, not a sign-in page
                    return Task.CompletedTask;
                }
                c.Response.Redirect($"/{LocalizationSetup.CurrentLanguage}/account/sign-in?returnUrl={Uri.EscapeDataString(c.Request.Path + c.Request.QueryString)}");
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = c =>
            {
                // A coordinator whose two-factor sign-in is due is refused for that reason: send them to set it up.
                if (c.HttpContext.User.HasClaim(x => x.Type == AccountClaimsFactory.TwoFactorDue)
                    && !c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    c.Response.Redirect(AccountClaimsFactory.SetupPath);
                    return Task.CompletedTask;
                }
                c.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
    }

    public static void UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UsePasswordChangeDue();
        app.UseAuthorization();
    }
}
