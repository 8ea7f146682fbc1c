using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Commitments;

/// <summary>What a list of commitments is filtered by: one target (framework:code), a whole framework, the partners' country.</summary>
public sealed record CommitmentQuery(string? Target = null, string? Framework = null, string? Country = null, int Page = 1,
    int PageSize = CommitmentCatalogue.DefaultPageSize);

public sealed record CommitmentTotals(int Commitments, int Partners, int Countries, int Indicators, int Reports);

public sealed record CommitmentListPage(int Total, int Page, int PageSize, IReadOnlyList<Commitment> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Reads commitments for the pages and the API alike: one query shape, filters, paging; each listed commitment comes
/// with its partner, targets, indicators and their reports, in a fixed number of queries per page.
/// </summary>
public sealed class CommitmentCatalogue(LearningNetworkDb db)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<CommitmentListPage> ListAsync(CommitmentQuery q, CancellationToken ct)
    {
        var query = Filtered(q);
        var total = await query.CountAsync(ct);
        var ids = await query.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).Select(c => c.Id).ToListAsync(ct);
        var items = await WithDetails().Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        return new CommitmentListPage(total, q.Page, q.PageSize, items.OrderBy(c => ids.IndexOf(c.Id)).ToList());
    }

    /// <summary>What a filtered list adds up to: commitments, the partners and countries behind them, their indicators and reports.</summary>
    public async Task<CommitmentTotals> TotalsAsync(CommitmentQuery q, CancellationToken ct)
    {
        var query = Filtered(q);
        var ids = query.Select(c => c.Id);
        return new CommitmentTotals(
            await query.CountAsync(ct),
            await query.Select(c => c.PartnerId).Distinct().CountAsync(ct),
            await query.Select(c => c.Partner!.CountryCode).Distinct().CountAsync(ct),
            await db.CommitmentIndicators.CountAsync(i => ids.Contains(i.CommitmentId), ct),
            await db.ProgressReports.CountAsync(r => db.CommitmentIndicators.Any(i => i.Id == r.IndicatorId && ids.Contains(i.CommitmentId)), ct));
    }

    /// <summary>The commitments serving one target, newest first (the target's page shows them live).</summary>
    public Task<List<Commitment>> ServingAsync(string target, int max, CancellationToken ct) =>
        WithDetails().Where(c => c.Targets.Any(t => t.Code == target)).OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Take(max).ToListAsync(ct);

    public Task<int> CountServingAsync(string target, CancellationToken ct) => db.Commitments.CountAsync(c => c.Targets.Any(t => t.Code == target), ct);

    /// <summary>How many commitments serve each target (framework:code).</summary>
    public Task<Dictionary<string, int>> CountsByTargetAsync(CancellationToken ct) =>
        db.CommitmentTargets.AsNoTracking().GroupBy(t => t.Code).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    public Task<Commitment?> FindAsync(int id, CancellationToken ct, bool tracking = false)
    {
        var query = WithDetails();
        if (tracking) query = query.AsTracking();
        return query.FirstOrDefaultAsync(c => c.Id == id, ct);
    }

    private IQueryable<Commitment> Filtered(CommitmentQuery q)
    {
        var query = db.Commitments.AsNoTracking();
        if (q.Target is { } target) query = query.Where(c => c.Targets.Any(t => t.Code == target));
        if (q.Framework is { } framework)
        {
            var prefix = framework + ":";
            query = query.Where(c => c.Targets.Any(t => t.Code.StartsWith(prefix)));
        }
        if (q.Country is { } country) query = query.Where(c => c.Partner!.CountryCode == country);
        return query;
    }

    private IQueryable<Commitment> WithDetails() => db.Commitments.AsNoTracking()
        .Include(c => c.Partner).Include(c => c.Targets).Include(c => c.Indicators).ThenInclude(i => i.Reports).AsSplitQuery();
}

/// <summary>The query-string values of a commitment list, as received.</summary>
public sealed record CommitmentQueryValues(string? Target = null, string? Framework = null, string? Country = null, string? Page = null, string? PageSize = null);

/// <summary>Turns query-string values into a <see cref="CommitmentQuery"/>, or into errors keyed by parameter (English, for the API).</summary>
public static class CommitmentQueryParser
{
    public static readonly IReadOnlyList<string> Frameworks = ["kmgbf", "eubds", "nrr", "habitats", "birds"];

    public static (CommitmentQuery? Query, Dictionary<string, string[]> Errors) Parse(CommitmentQueryValues v)
    {
        var errors = new Dictionary<string, string[]>();
        var page = 1;
        if (!string.IsNullOrEmpty(v.Page) && (!int.TryParse(v.Page, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > 100_000))
            errors["page"] = ["page must be a whole number from 1 to 100000."];
        var size = CommitmentCatalogue.DefaultPageSize;
        if (!string.IsNullOrEmpty(v.PageSize) && (!int.TryParse(v.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > CommitmentCatalogue.MaxPageSize))
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {CommitmentCatalogue.MaxPageSize}."];
        if (!string.IsNullOrEmpty(v.Target) && !IsTargetCode(v.Target))
            errors["target"] = ["target must be framework:code, such as kmgbf:2, nrr:8 or eubds:r7."];
        if (!string.IsNullOrEmpty(v.Framework) && !Frameworks.Contains(v.Framework))
            errors["framework"] = ["framework must be one of kmgbf, eubds, nrr, habitats, birds."];
        if (!string.IsNullOrEmpty(v.Country) && !(v.Country.Length == 2 && v.Country.All(char.IsAsciiLetterUpper)))
            errors["country"] = ["country must be an ISO 3166-1 alpha-2 code in capitals, such as DE."];
        return errors.Count > 0
            ? (null, errors)
            : (new CommitmentQuery(NullIfEmpty(v.Target), NullIfEmpty(v.Framework), NullIfEmpty(v.Country), page, size), errors);
    }

    public static bool IsTargetCode(string value)
    {
        var parts = value.Split(':');
        return value.Length <= 64 && parts.Length == 2 && Frameworks.Contains(parts[0]) && parts[1].Length > 0
               && parts[1].All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
