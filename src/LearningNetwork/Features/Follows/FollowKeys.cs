using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Themes;
using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Follows;

/// <summary>
/// The keys of follows: which are valid (checked against the reference data and the partners, like every code of user
/// data), how a saved search is written, and how each is named in the reader's language.
/// </summary>
public sealed class FollowKeys(LearningNetworkDb db, ThemeNames themes, CountryNames countries, IStringLocalizer<SharedResource> text)
{
    /// <summary>The search page's parameters a saved search keeps; anything else in a query string is dropped.</summary>
    public static readonly string[] SearchParameters = ["q", "type", "country", "language", "theme", "target", "habitat", "nuts"];

    /// <summary>
    /// A search page's query string as it is saved: only its known parameters, each value trimmed and at most 64
    /// characters (the text 200), at most 20 values each, in a fixed order; null when nothing is left to search for.
    /// </summary>
    public static string? NormaliseSearch(string? queryString)
    {
        if (string.IsNullOrWhiteSpace(queryString) || queryString.Length > 4000) return null;
        queryString = Infrastructure.UnicodeText.WellFormed(queryString);
        var parsed = QueryHelpers.ParseQuery(queryString.StartsWith('?') ? queryString : "?" + queryString);
        var kept = new List<KeyValuePair<string, string?>>();
        foreach (var name in SearchParameters)
        {
            if (!parsed.TryGetValue(name, out var values)) continue;
            var max = name == "q" ? 200 : 64;
            foreach (var v in values.Select(v => v?.Trim() ?? "").Where(v => v.Length is > 0 && v.Length <= max).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(name == "q" ? 1 : 20))
                kept.Add(new(name, v));
        }
        return kept.Count == 0 ? null : QueryString.Create(kept).ToString()[1..];
    }

    /// <summary>The saved search's text and filters, as the search page reads them.</summary>
    public static (string Text, Dictionary<string, IReadOnlyList<string>> Filters) ParseSearch(string key)
    {
        var parsed = QueryHelpers.ParseQuery("?" + key);
        var filters = SearchParameters.Skip(1).ToDictionary(n => n, n => (IReadOnlyList<string>)(parsed.TryGetValue(n, out var v) ? v.OfType<string>().ToList() : []));
        return (parsed.TryGetValue("q", out var q) ? q.ToString() : "", filters);
    }

    /// <summary>The key as stored, or null when it names nothing that exists.</summary>
    public async Task<string?> ValidAsync(FollowKind kind, string? key, CancellationToken ct)
    {
        key = key is null ? null : Infrastructure.UnicodeText.WellFormed(key).Trim();
        if (string.IsNullOrEmpty(key) || key.Length > 1000) return null;
        switch (kind)
        {
            case FollowKind.Theme:
                return int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var concept) && await db.GemetConcepts.AnyAsync(c => c.Id == concept, ct)
                    ? concept.ToString(CultureInfo.InvariantCulture) : null;
            case FollowKind.Target:
                var parts = key.Split(':', 2);
                return parts.Length == 2 && await db.PolicyTargets.AnyAsync(t => t.FrameworkCode == parts[0] && t.Code == parts[1], ct) ? key : null;
            case FollowKind.Region:
                var code = key.ToUpperInvariant();
                if (code.Length == 2) return await db.Countries.AnyAsync(c => c.Code == code, ct) ? code : null;
                return await db.NutsRegions.AnyAsync(r => r.Code == code, ct) ? code : null;
            case FollowKind.Partner:
                return int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var partner) && await db.Partners.AnyAsync(p => p.Id == partner, ct)
                    ? partner.ToString(CultureInfo.InvariantCulture) : null;
            case FollowKind.Habitat:
                return await db.EunisHabitats.AnyAsync(h => h.Code == key, ct) ? key : null;
            case FollowKind.RequestKind:
                return Codes.Parse<ExchangeKind>(key) is { } k ? Codes.Of(k) : null;
            case FollowKind.Search:
                return NormaliseSearch(key);
            default:
                return null;
        }
    }

    /// <summary>Each follow's name in <paramref name="language"/> (the page's), by id.</summary>
    public async Task<Dictionary<int, string>> LabelsAsync(IReadOnlyList<Follow> follows, string language, CancellationToken ct)
    {
        var ids = follows.Where(f => f.Kind == FollowKind.Theme).Select(f => int.Parse(f.Key, CultureInfo.InvariantCulture));
        var themeLabels = await themes.LabelsAsync(ids, language, ct);
        var partnerIds = follows.Where(f => f.Kind == FollowKind.Partner).Select(f => int.Parse(f.Key, CultureInfo.InvariantCulture)).ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var regionCodes = follows.Where(f => f.Kind == FollowKind.Region && f.Key.Length > 2).Select(f => f.Key).ToList();
        var regions = await db.NutsRegions.AsNoTracking().Where(r => regionCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.NameLatin, ct);
        var habitatCodes = follows.Where(f => f.Kind == FollowKind.Habitat).Select(f => f.Key).ToList();
        var habitats = await db.EunisHabitats.AsNoTracking().Where(h => habitatCodes.Contains(h.Code)).ToDictionaryAsync(h => h.Code, h => h.NameEn, ct);
        return follows.ToDictionary(f => f.Id, f => f.Kind switch
        {
            FollowKind.Theme => themeLabels.GetValueOrDefault(int.Parse(f.Key, CultureInfo.InvariantCulture), f.Key),
            FollowKind.Target => PracticeLabels.TargetBadge(f.Key),
            FollowKind.Region => f.Key.Length == 2 ? countries.Name(f.Key, language) : $"{regions.GetValueOrDefault(f.Key, f.Key)} ({f.Key})",
            FollowKind.Partner => partners.GetValueOrDefault(int.Parse(f.Key, CultureInfo.InvariantCulture), f.Key),
            FollowKind.Habitat => $"{f.Key} {habitats.GetValueOrDefault(f.Key, "")}".Trim(),
            FollowKind.RequestKind => text[$"Market.Kind.{f.Key}"].Value,
            FollowKind.Search => SearchLabel(f.Key),
            _ => f.Key,
        });
    }

    private static string SearchLabel(string key)
    {
        var (q, filters) = ParseSearch(key);
        var parts = new List<string>();
        if (q.Length > 0) parts.Add($"“{q}”");
        parts.AddRange(filters.Where(f => f.Value.Count > 0).Select(f => $"{f.Key}: {string.Join(", ", f.Value)}"));
        return string.Join(" · ", parts);
    }
}
