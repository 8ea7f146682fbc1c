namespace LearningNetwork.Domain;

/// <summary>
/// A key a partner's own systems use to write through the API (<c>Authorization: Bearer ln_{prefix}_{secret}</c>). Only
/// the SHA-256 of the secret is stored; the key is shown once when made. Scopes say what it may do.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public int PartnerId { get; set; }
    public required string Name { get; set; }
    /// <summary>Public, unique: finds the key without revealing it.</summary>
    public required string Prefix { get; set; }
    public required string SecretHash { get; set; }
    /// <summary>Scopes separated by spaces: see <see cref="ApiScopes"/>.</summary>
    public required string Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public static class ApiScopes
{
    /// <summary>Create, update and delete the partner's own practices.</summary>
    public const string PracticesWrite = "practices:write";

    /// <summary>Report progress on the partner's own commitments.</summary>
    public const string CommitmentsWrite = "commitments:write";

    public static readonly IReadOnlyList<string> All = [PracticesWrite, CommitmentsWrite];
}

/// <summary>Another network's endpoint that is told, signed, when public content changes here.</summary>
public sealed class WebhookSubscription
{
    public int Id { get; set; }
    public required string Url { get; set; }
    /// <summary>The shared secret the HMAC-SHA256 signature of each delivery is made with.</summary>
    public required string Secret { get; set; }
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One notification waiting to be delivered, written in the same transaction as the change it reports (an outbox):
/// a change that is saved is announced, and one that is not, is not.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public int SubscriptionId { get; set; }
    /// <summary>practice.published, practice.updated, practice.removed, partner.updated, partner.removed.</summary>
    public required string Event { get; set; }
    /// <summary>The @id-bearing JSON body sent.</summary>
    public required string Payload { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public string? LastStatus { get; set; }
    /// <summary>Given up after the last retry; kept for the record.</summary>
    public bool Abandoned { get; set; }
}
