using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace LearningNetwork.Features.Follows;

/// <summary>
/// The token of a digest's unsubscribe link: the person's id protected by the app's data-protection keys (shared by the
/// nodes through the database, with their own purpose), so it works without a session on any node, names one person only,
/// and cannot be made or changed without the keys. It does not expire: a digest read months later still unsubscribes.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("LearningNetwork.Follows.Unsubscribe.v1");

    public string For(string userId) => WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(userId)));

    /// <summary>The person the token was made for, or null for anything else.</summary>
    public string? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000) return null;
        try
        {
            return Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
