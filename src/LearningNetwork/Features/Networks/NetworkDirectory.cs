using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Networks;

/// <summary>The registration form of another network, as typed.</summary>
public sealed class NetworkForm
{
    public string? Name { get; set; }
    public string? Scope { get; set; }
    public List<string> Countries { get; set; } = [];
    public string? Themes { get; set; }
    /// <summary>The theme text a "did you mean" was shown for (hidden; see <see cref="ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ThemesSeen { get; set; }
    public string? MemberCount { get; set; }
    public string? Website { get; set; }
    public string? FeedUrl { get; set; }
}

/// <summary>Registers other networks (network admins) and reads them for the pages.</summary>
public sealed class NetworkDirectory(LearningNetworkDb db, ThemeNames themes, TimeProvider clock, Infrastructure.Outbound.OutboundPolicy outbound)
{
    /// <summary>Errors by field (resource keys, arguments after '|'); the new network when there are none.</summary>
    public async Task<(Dictionary<string, string> Errors, RegisteredNetwork? Network)> RegisterAsync(NetworkForm f, string language, string? userId, CancellationToken ct)
    {
        var e = new Dictionary<string, string>();
        var name = f.Name?.Trim() ?? "";
        if (name.Length == 0) e["Name"] = "Validation.Required";
        else if (name.Length > 300) e["Name"] = "Validation.TooLong|300";
        else if (await db.RegisteredNetworks.AnyAsync(n => n.Name.ToLower() == name.ToLower(), ct)) e["Name"] = "Network.Duplicate";
        var scope = f.Scope?.Trim();
        if (scope is { Length: > 2000 }) e["Scope"] = "Validation.TooLong|2000";
        var known = (await db.Countries.AsNoTracking().Select(c => c.Code).ToListAsync(ct)).ToHashSet();
        var countries = f.Countries.Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        if (countries.Count > 60 || countries.Any(c => !known.Contains(c))) e["Countries"] = "Validation.UnknownChoice";
        var theme = await themes.FieldAsync(f.Themes, language, false, f.ThemesSeen, ct);
        if (!theme.Ok) e["Themes"] = theme.ErrorArg is null ? theme.ErrorKey! : theme.ErrorKey + "|" + theme.ErrorArg;
        int? members = null;
        if (!string.IsNullOrWhiteSpace(f.MemberCount))
        {
            if (LearningNetwork.Infrastructure.Localization.ReaderNumbers.TryParseWhole(f.MemberCount, CultureInfo.CurrentCulture, 0, 1_000_000, out var m)) members = (int)m;
            else e["MemberCount"] = "Practice.BadWholeNumber|0|1000000";
        }
        var website = f.Website?.Trim();
        if (!string.IsNullOrEmpty(website) && !IsHttp(website, 500)) e["Website"] = "Membership.BadWebsite";
        var feed = f.FeedUrl?.Trim() ?? "";
        if (feed.Length == 0) e["FeedUrl"] = "Validation.Required";
        else if (!IsHttp(feed, 1000)) e["FeedUrl"] = "Network.BadFeed";
        // https outside Development and a public host, told on the field; the harvester's connect-time check stays the guard.
        else if (await outbound.CheckAsync(feed, ct) is { } problem) e["FeedUrl"] = problem;
        else if (await db.RegisteredNetworks.AnyAsync(n => n.FeedUrl == feed, ct)) e["FeedUrl"] = "Network.DuplicateFeed";
        if (e.Count > 0) return (e, null);

        var now = clock.GetUtcNow().UtcDateTime;
        var slug = Slugs.From(name);
        for (var i = 2; await db.RegisteredNetworks.AnyAsync(n => n.Slug == slug, ct); i++) slug = $"{Slugs.From(name)}-{i}";
        var network = new RegisteredNetwork
        {
            Slug = slug, Name = name, Scope = string.IsNullOrEmpty(scope) ? null : scope, Countries = string.Join('|', countries),
            Themes = string.Join('|', theme.Concepts), FreeKeywords = theme.Keywords, MemberCount = members, Website = string.IsNullOrEmpty(website) ? null : website, FeedUrl = feed,
            CreatedAt = now, NextHarvestAt = now,
        };
        db.RegisteredNetworks.Add(network);
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "network.registered", Subject = $"network/{slug}", Details = feed });
        await db.SaveChangesAsync(ct);
        return (e, network);
    }

    private static bool IsHttp(string value, int max) =>
        value.Length <= max && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
}
