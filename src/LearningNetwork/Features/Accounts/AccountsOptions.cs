namespace LearningNetwork.Features.Accounts;

/// <summary><c>Accounts:*</c>: the limits and requirements of the account pages.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>
    /// Posts of each guarded page (sign-in, sign-in code, register, forgot password, resend confirmation) allowed per
    /// client address, and separately per account or e-mail address named, in a minute on one node; 0 turns the
    /// per-minute limit off.
    /// </summary>
    public int AttemptsPerMinute { get; set; } = 10;

    /// <summary>The same, in an hour; 0 turns the per-hour limit off.</summary>
    public int AttemptsPerHour { get; set; } = 30;

    /// <summary>
    /// Network admins and moderators must turn on two-factor sign-in before their role counts: until then they are
    /// sent to set it up and hold no coordinator rights. On by default; appsettings.Development.json turns it off so
    /// that a local admin made with <c>create-admin</c> works at once.
    /// </summary>
    public bool RequireTwoFactorForCoordinators { get; set; } = true;

    /// <summary>How long an e-mailed password-reset link works (confirmation links work 24 hours).</summary>
    public TimeSpan PasswordResetLifespan { get; set; } = TimeSpan.FromHours(1);
}
