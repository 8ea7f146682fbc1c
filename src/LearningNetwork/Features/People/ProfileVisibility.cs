using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.People;

/// <summary>What one viewer may see of profiles: public fields for everyone, members-only fields for people who
/// belong to a partner organisation (and for coordinators), hidden fields for the person alone.</summary>
public sealed record ProfileViewer(string? UserId, bool IsMember)
{
    public static async Task<ProfileViewer> OfAsync(ClaimsPrincipal user, LearningNetworkDb db, CancellationToken ct)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return new ProfileViewer(null, false);
        var member = user.IsInRole(Roles.NetworkAdmin) || user.IsInRole(Roles.Moderator) || await db.PartnerMembers.AnyAsync(m => m.UserId == id, ct);
        return new ProfileViewer(id, member);
    }

    public bool Sees(PersonProfile profile, Visibility visibility) =>
        (profile.UserId is not null && profile.UserId == UserId) || visibility == Visibility.Public || (visibility == Visibility.Members && IsMember);
}

/// <summary>A profile as one viewer may see it: fields they may not see are null (or empty). <paramref name="OwnWords"/> is the
/// expertise in the person's own words that maps to no concept (free keywords): part of the expertise, shown under its visibility.</summary>
public sealed record VisibleProfile(int Id, string Name, string? JobTitle, int? PartnerId, IReadOnlyList<string> Languages, IReadOnlyList<int> Expertise, bool IsDemo,
    IReadOnlyList<string> OwnWords)
{
    /// <returns>Null when the viewer may not see the person's name: then the person is not listed at all.</returns>
    public static VisibleProfile? For(PersonProfile p, ProfileViewer viewer) =>
        !viewer.Sees(p, p.NameVisibility) ? null : new VisibleProfile(p.Id, p.Name,
            viewer.Sees(p, p.JobTitleVisibility) ? p.JobTitle : null,
            viewer.Sees(p, p.OrganisationVisibility) ? p.PartnerId : null,
            viewer.Sees(p, p.LanguagesVisibility) ? p.Languages.Split('|', StringSplitOptions.RemoveEmptyEntries) : [],
            viewer.Sees(p, p.ExpertiseVisibility) ? p.Expertise.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList() : [],
            p.IsDemo,
            viewer.Sees(p, p.ExpertiseVisibility) ? Themes.ThemeNames.Split(p.FreeKeywords) : []);
}
