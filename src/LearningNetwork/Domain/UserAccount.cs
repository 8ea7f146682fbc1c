using Microsoft.AspNetCore.Identity;

namespace LearningNetwork.Domain;

/// <summary>A person's sign-in account (ASP.NET Core Identity).</summary>
public sealed class UserAccount : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Set while a moderator has suspended the account: it cannot sign in, and its open sessions end on their next
    /// request (<c>Features/Moderation/Suspensions</c>). Null otherwise.</summary>
    public DateTime? SuspendedAt { get; set; }
}

/// <summary>The network's roles, as stored in Identity.</summary>
public static class Roles
{
    public const string NetworkAdmin = "NetworkAdmin";
    public const string Moderator = "Moderator";
    public const string OrganisationAdmin = "OrganisationAdmin";
    public const string Member = "Member";

    public static readonly IReadOnlyList<string> All = [NetworkAdmin, Moderator, OrganisationAdmin, Member];
}
