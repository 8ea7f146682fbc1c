using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using LearningNetwork.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.ApiKeys;

/// <summary>
/// Authenticates API requests that carry <c>Authorization: Bearer ln_{prefix}_{secret}</c>: the key is found by its
/// prefix and its secret compared by SHA-256 in constant time. The principal names the partner and the key's scopes.
/// Requests without such a header are left to the other schemes (cookies for people).
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    LearningNetworkDb db, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string PartnerClaim = "ln:partner";
    public const string ScopeClaim = "scope";

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A new key: its public prefix, its secret and the token to give out once.</summary>
    public static (string Prefix, string Secret, string Token) NewKey()
    {
        var prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (prefix, secret, $"ln_{prefix}_{secret}");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ln_", StringComparison.Ordinal)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        var parts = token.Split('_', 3);
        if (parts.Length != 3 || parts[1].Length != 12 || parts[2].Length is < 20 or > 100) return AuthenticateResult.Fail("malformed API key");
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == parts[1] && k.RevokedAt == null, Context.RequestAborted);
        if (key is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.SecretHash), Encoding.ASCII.GetBytes(Hash(parts[2]))))
            return AuthenticateResult.Fail("unknown or revoked API key");
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || key.LastUsedAt < now.AddMinutes(-1))
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, $"apikey:{key.Id}"), new(ClaimTypes.Name, key.Name),
            new(PartnerClaim, key.PartnerId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(ScopeClaim, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
