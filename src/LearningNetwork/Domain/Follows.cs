namespace LearningNetwork.Domain;

/// <summary>What a person can follow. Stored by name (enums are strings), so members may be added anywhere.</summary>
public enum FollowKind { Theme, Target, Region, Partner, Habitat, RequestKind, Search }

/// <summary>
/// One thing a person follows, named by the code its kind uses elsewhere: <see cref="FollowKind.Theme"/> a GEMET concept id,
/// <see cref="FollowKind.Target"/> <c>framework:code</c>, <see cref="FollowKind.Region"/> a country code (two letters) or a
/// NUTS code (the regions under it too), <see cref="FollowKind.Partner"/> the partner's id, <see cref="FollowKind.Habitat"/>
/// a EUNIS code, <see cref="FollowKind.RequestKind"/> an <see cref="ExchangeKind"/> name, <see cref="FollowKind.Search"/> the
/// search page's query string (<c>q=…&amp;theme=…</c>, normalised by <c>SavedSearch</c>). Like the rest of user data, codes
/// refer to reference rows without foreign keys. One row per person, kind and key.
/// </summary>
public sealed class Follow
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public FollowKind Kind { get; set; }
    public required string Key { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum DigestFrequency { Off, Daily, Weekly }

/// <summary>
/// A person's digest settings: how often, in which interface language, and up to when the last digest covered
/// (<see cref="CoveredUntil"/>; the next one holds what appeared after it). Made when the person first follows something.
/// </summary>
public sealed class DigestSubscription
{
    public required string UserId { get; set; }
    public DigestFrequency Frequency { get; set; } = DigestFrequency.Weekly;
    public required string Language { get; set; }
    public DateTime CoveredUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Sending: claimed by a node; Sent; Empty: nothing new, not sent; Failed: the SMTP exchange failed, to be retried.</summary>
public enum DigestState { Sending, Sent, Empty, Failed }

/// <summary>
/// One digest of one person for one period (<c>daily:2026-12-07</c>, <c>weekly:2026-12-07</c> = the week's Monday). The row
/// is the claim: it is inserted before anything is sent and (person, period) is unique, so whatever the nodes and runs only
/// one of them composes and sends it. A failed send is retried by claiming the row again with a conditional update
/// (Failed → Sending); a row left Sending by a node that died mid-send is never sent again (at most once).
/// </summary>
public sealed class Digest
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Period { get; set; }
    /// <summary>What appeared in (<see cref="Since"/>, <see cref="Until"/>] is in it.</summary>
    public DateTime Since { get; set; }
    public DateTime Until { get; set; }
    public DigestState State { get; set; }
    public int Attempts { get; set; }
    public int Items { get; set; }
    public DateTime ClaimedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? RetryAt { get; set; }
}
