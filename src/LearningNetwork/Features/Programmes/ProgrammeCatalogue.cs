using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Programmes;

/// <summary>A valid list query of programmes (page and API alike).</summary>
public sealed record ProgrammeQuery(string? Q, ProgrammeKind? Kind, ProgrammeStage? Stage, int? Theme, string? Target, int? Partner, int Page, int PageSize);

/// <summary>One programme in a list.</summary>
public sealed record ProgrammeCard(int Id, string Slug, string Title, string Language, string Country, ProgrammeKind Kind, ProgrammeStage Stage, int PartnerId,
    string PartnerName, string? SecondPartnerName, IReadOnlyList<string> Peers, DateOnly? StartsOn, DateOnly? EndsOn, DateTime CreatedAt, DateTime? ReportedAt,
    int Recommendations, int TakenUp, IReadOnlyList<int> Themes, IReadOnlyList<string> Targets, bool IsDemo);

public sealed record ProgrammeListPage(int Total, int Page, int PageSize, IReadOnlyList<ProgrammeCard> Items);

/// <summary>Lists programmes for the page, the API and the partner pages, newest first, with filters by text, kind, stage,
/// theme, target and partner (any role: applicant, second partner or peer); a page costs a fixed number of queries.</summary>
public sealed class ProgrammeCatalogue(LearningNetworkDb db)
{
    public const int DefaultPageSize = 24, MaxPageSize = 200, MaxQuery = 200;

    /// <summary>Query-string values into a query, or the names of the parameters that are not valid.</summary>
    public static (ProgrammeQuery? Query, List<string> Errors) Parse(string? q, string? kind, string? stage, string? theme, string? target, string? page, string? pageSize)
    {
        var errors = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        ProgrammeKind? k = null;
        if (!string.IsNullOrEmpty(kind) && (k = Codes.Parse<ProgrammeKind>(kind)) is null) errors.Add("kind");
        ProgrammeStage? s = null;
        if (!string.IsNullOrEmpty(stage) && (s = Codes.Parse<ProgrammeStage>(stage)) is null) errors.Add("stage");
        int? themeId = null;
        if (!string.IsNullOrEmpty(theme))
        {
            if (int.TryParse(theme, NumberStyles.None, inv, out var t) && t is > 0 and < 1_000_000) themeId = t;
            else errors.Add("theme");
        }
        if (!string.IsNullOrEmpty(target) && (target.Length > 64 || !target.Contains(':', StringComparison.Ordinal))) errors.Add("target");
        if (q is { Length: > MaxQuery }) errors.Add("q");
        var p = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, inv, out p) || p is < 1 or > 100_000)) errors.Add("page");
        var size = DefaultPageSize;
        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, NumberStyles.None, inv, out size) || size is < 1 or > MaxPageSize)) errors.Add("pageSize");
        if (errors.Count > 0) return (null, errors);
        return (new ProgrammeQuery(string.IsNullOrWhiteSpace(q) ? null : q.Trim(), k, s, themeId, string.IsNullOrEmpty(target) ? null : target, null, p, size), errors);
    }

    public async Task<ProgrammeListPage> ListAsync(ProgrammeQuery query, CancellationToken ct)
    {
        var rows = db.Programmes.AsNoTracking();
        if (query.Kind is { } kind) rows = rows.Where(x => x.Kind == kind);
        if (query.Stage is { } stage) rows = rows.Where(x => x.Stage == stage);
        if (query.Theme is { } theme)
        {
            var code = theme.ToString(CultureInfo.InvariantCulture);
            rows = rows.Where(x => x.Tags.Any(t => t.Scheme == ProgrammeTagSchemes.Theme && t.Code == code));
        }
        if (query.Target is { } target) rows = rows.Where(x => x.Tags.Any(t => t.Scheme == ProgrammeTagSchemes.Target && t.Code == target));
        if (query.Partner is { } partner) rows = rows.Where(x => x.PartnerId == partner || x.SecondPartnerId == partner || x.Peers.Any(p => p.PartnerId == partner));
        if (query.Q is { } q)
        {
            var lower = q.ToLowerInvariant();
            rows = rows.Where(x => x.Title.ToLower().Contains(lower) || x.Description.ToLower().Contains(lower));
        }
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(x => new
            {
                x.Id, x.Slug, x.Title, x.Language, Country = x.Partner!.CountryCode, x.Kind, x.Stage, x.PartnerId, Partner = x.Partner.Name,
                Second = x.SecondPartner == null ? null : x.SecondPartner.Name, x.StartsOn, x.EndsOn, x.CreatedAt, x.ReportedAt,
                Recommendations = x.Recommendations.Count(), TakenUp = x.Recommendations.Count(r => r.TakenUp == true), x.IsDemo,
            }).ToListAsync(ct);
        var ids = page.Select(r => r.Id).ToList();
        var tags = (await db.ProgrammeTags.AsNoTracking().Where(t => ids.Contains(t.ProgrammeId)).ToListAsync(ct)).ToLookup(t => t.ProgrammeId);
        var peers = (await db.ProgrammePeers.AsNoTracking().Where(p => ids.Contains(p.ProgrammeId)).Select(p => new { p.ProgrammeId, p.Partner!.Name }).ToListAsync(ct))
            .ToLookup(p => p.ProgrammeId, p => p.Name);
        return new ProgrammeListPage(total, query.Page, query.PageSize, page.Select(r => new ProgrammeCard(r.Id, r.Slug, r.Title, r.Language, r.Country, r.Kind, r.Stage,
            r.PartnerId, r.Partner, r.Second, peers[r.Id].Order(StringComparer.CurrentCulture).ToList(), r.StartsOn, r.EndsOn, r.CreatedAt, r.ReportedAt,
            r.Recommendations, r.TakenUp,
            tags[r.Id].Where(t => t.Scheme == ProgrammeTagSchemes.Theme).Select(t => int.TryParse(t.Code, CultureInfo.InvariantCulture, out var c) ? c : 0).Where(c => c > 0).Order().ToList(),
            tags[r.Id].Where(t => t.Scheme == ProgrammeTagSchemes.Target).Select(t => t.Code).Order(StringComparer.Ordinal).ToList(), r.IsDemo)).ToList());
    }
}
