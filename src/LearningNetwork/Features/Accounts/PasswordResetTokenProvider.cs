using System.Security.Cryptography;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// Password-reset tokens that last <see cref="AccountsOptions.PasswordResetLifespan"/> (1 hour), apart from the
/// 24-hour confirmation links. Like Identity's own provider, a token is the creation time, user id, purpose and
/// security stamp, protected with the data-protection keys; it is timed by the app's <see cref="TimeProvider"/>, and
/// a reset changes the security stamp, so a link works once.
/// </summary>
public sealed class PasswordResetTokenProvider(IDataProtectionProvider protection, IOptions<AccountsOptions> options, TimeProvider clock)
    : IUserTwoFactorTokenProvider<UserAccount>
{
    public const string Name = "PasswordReset";

    private readonly IDataProtector _protector = protection.CreateProtector("LearningNetwork.PasswordResetToken");

    public async Task<string> GenerateAsync(string purpose, UserManager<UserAccount> manager, UserAccount user)
    {
        using var data = new MemoryStream();
        await using (var writer = new BinaryWriter(data, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user) ?? "");
        }
        return Convert.ToBase64String(_protector.Protect(data.ToArray()));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<UserAccount> manager, UserAccount user)
    {
        long ticks;
        string userId, tokenPurpose, stamp;
        try
        {
            using var data = new MemoryStream(_protector.Unprotect(Convert.FromBase64String(token)));
            using var reader = new BinaryReader(data, System.Text.Encoding.UTF8, leaveOpen: true);
            (ticks, userId, tokenPurpose, stamp) = (reader.ReadInt64(), reader.ReadString(), reader.ReadString(), reader.ReadString());
        }
        catch (Exception e) when (e is FormatException or CryptographicException or EndOfStreamException or ArgumentException)
        {
            return false;
        }
        var created = new DateTimeOffset(ticks, TimeSpan.Zero);
        var now = clock.GetUtcNow();
        if (created + options.Value.PasswordResetLifespan < now || created > now + TimeSpan.FromMinutes(5)) return false;
        return userId == await manager.GetUserIdAsync(user) && tokenPurpose == purpose && stamp == (await manager.GetSecurityStampAsync(user) ?? "");
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<UserAccount> manager, UserAccount user) => Task.FromResult(false);
}
