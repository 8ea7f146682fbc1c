using System.Globalization;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.News;

/// <summary>The news form as typed: strings throughout, so nothing typed is lost when a value is wrong. <see cref="Partner"/>
/// empty means news of the network itself (coordinators only).</summary>
public sealed class NewsForm
{
    public string? Partner { get; set; }
    public string? Language { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Body { get; set; }
    public string? Themes { get; set; }
    /// <summary>The theme text a "did you mean" was shown for (hidden; see <see cref="ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ThemesSeen { get; set; }
    /// <summary>yyyy-MM-dd.</summary>
    public string? Published { get; set; }
}

public sealed record NewsValues(int? PartnerId, string Language, string Title, string Summary, string Body, List<int> Themes, DateTime PublishedAt)
{
    /// <summary>The themes no concept was found for, kept as free keywords ('; '-joined), or null.</summary>
    public string? Keywords { get; init; }
}

public enum NewsSaveOutcome { Saved, Conflict }

/// <summary>
/// Who may publish news and the one place news is validated and saved. Coordinators (network admins and moderators) publish
/// for the network or any partner; a member of a partner publishes for that partner; the same people edit it afterwards.
/// Checked in the handlers and the API, never only in the view. Every save writes an audit entry; an edit made on an older
/// <see cref="NewsItem.Version"/> is a conflict, never saved over the newer one.
/// </summary>
public sealed class NewsEditor(LearningNetworkDb db, ThemeNames themes, TimeProvider clock, IStringLocalizer<SharedResource> text)
{
    public const int MaxTitle = 250, MaxSummary = 600, MaxBody = 20000;
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal) { "new", "feed" };

    public static bool IsCoordinator(ClaimsPrincipal user) => PracticeEditor.IsModerator(user);

    /// <summary>The partners the person may publish for (coordinators: all), and whether they may publish for the network itself.</summary>
    public async Task<(List<Partner> Partners, bool Network)> WritableAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = PracticeEditor.UserId(user);
        if (userId is null) return ([], false);
        if (IsCoordinator(user)) return (await db.Partners.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct), true);
        var ids = await db.PartnerMembers.Where(m => m.UserId == userId).Select(m => m.PartnerId).ToListAsync(ct);
        return (await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(ct), false);
    }

    /// <summary>Coordinators, and members of the item's partner.</summary>
    public async Task<bool> CanEditAsync(ClaimsPrincipal user, NewsItem item, CancellationToken ct)
    {
        var userId = PracticeEditor.UserId(user);
        if (userId is null) return false;
        if (IsCoordinator(user)) return true;
        return item.PartnerId is { } p && await db.PartnerMembers.AnyAsync(m => m.PartnerId == p && m.UserId == userId, ct);
    }

    /// <summary>Checks a form; <paramref name="saved"/> is the item being edited (its partner stays), null when creating.
    /// Errors are messages in the reader's language, by field name.</summary>
    public async Task<(NewsValues? Values, Dictionary<string, string> Errors)> ValidateAsync(NewsForm f, NewsItem? saved, ClaimsPrincipal user, string reader,
        CancellationToken ct)
    {
        var e = new Dictionary<string, string>();
        int? partnerId = saved?.PartnerId;
        if (saved is null)
        {
            var (partners, network) = await WritableAsync(user, ct);
            if (string.IsNullOrWhiteSpace(f.Partner))
            {
                if (!network) e["Partner"] = text["Practice.BadPartner"];
            }
            else if (int.TryParse(f.Partner, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && partners.Any(p => p.Id == id)) partnerId = id;
            else e["Partner"] = text["Practice.BadPartner"];
        }
        var language = f.Language?.Trim() ?? "";
        if (language.Length is < 2 or > 8 || !await db.Languages.AnyAsync(l => l.Code == language, ct)) e["Language"] = text["Validation.UnknownChoice"];
        var title = Required(f.Title, "Title", MaxTitle, e);
        var summary = Required(f.Summary, "Summary", MaxSummary, e);
        var body = Required(f.Body, "Body", MaxBody, e);
        var theme = await themes.FieldAsync(f.Themes, reader, false, f.ThemesSeen, ct);
        if (!theme.Ok) e["Themes"] = text[theme.ErrorKey!, theme.ErrorArg ?? ""];
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var published = saved?.PublishedAt ?? clock.GetUtcNow().UtcDateTime;
        if (!string.IsNullOrWhiteSpace(f.Published))
        {
            if (!DateOnly.TryParseExact(f.Published.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day.Year < 2000 || day.Year > 2100)
                e["Published"] = text["Event.BadDateTime"];
            // Today keeps the moment of saving (so the newest is first); another day is that day at midnight UTC.
            else if (saved is null || DateOnly.FromDateTime(saved.PublishedAt) != day)
                published = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) == today ? clock.GetUtcNow().UtcDateTime : day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }
        if (e.Count > 0) return (null, e);
        return (new NewsValues(partnerId, language, title, summary, body, theme.Concepts, published) { Keywords = theme.Keywords }, e);
    }

    private string Required(string? value, string field, int max, Dictionary<string, string> e)
    {
        var v = UnicodeText.WellFormed(value ?? "").Normalize().Trim();
        if (v.Length == 0) e[field] = text["Validation.Required"];
        else if (v.Length > max) e[field] = text["Validation.TooLong", max];
        return v;
    }

    public async Task<NewsItem> CreateAsync(NewsValues v, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var item = new NewsItem
        {
            Slug = await UniqueSlugAsync(v.Title, ct), PartnerId = v.PartnerId, OriginalLanguage = v.Language, PublishedAt = v.PublishedAt,
            CreatedAt = now, UpdatedAt = now, CreatedBy = PracticeEditor.UserId(user),
            Texts = [new NewsText { Language = v.Language, Title = v.Title, Summary = v.Summary, Body = v.Body, UpdatedAt = now }],
            Themes = v.Themes.Select(c => new NewsTheme { ConceptId = c }).ToList(), FreeKeywords = v.Keywords,
        };
        db.NewsItems.Add(item);
        await db.SaveChangesAsync(ct);
        Audit(user, "news.created", item.Id, v.Title, now);
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>Saves an edit of the facts and of the text in <see cref="NewsValues.Language"/> (a language without a text yet gets
    /// a new language version), made on <paramref name="version"/>.</summary>
    public async Task<NewsSaveOutcome> UpdateAsync(int id, Guid version, NewsValues v, ClaimsPrincipal user, CancellationToken ct)
    {
        var item = await db.NewsItems.AsTracking().Include(x => x.Texts).Include(x => x.Themes).FirstAsync(x => x.Id == id, ct);
        if (item.Version != version) return NewsSaveOutcome.Conflict;
        var now = clock.GetUtcNow().UtcDateTime;
        var t = item.Texts.FirstOrDefault(x => x.Language == v.Language);
        if (t is null) item.Texts.Add(new NewsText { Language = v.Language, Title = v.Title, Summary = v.Summary, Body = v.Body, UpdatedAt = now });
        else (t.Title, t.Summary, t.Body, t.UpdatedAt) = (v.Title, v.Summary, v.Body, now);
        item.Themes.RemoveAll(x => !v.Themes.Contains(x.ConceptId));
        foreach (var c in v.Themes.Where(c => item.Themes.All(x => x.ConceptId != c))) item.Themes.Add(new NewsTheme { ConceptId = c });
        (item.PublishedAt, item.UpdatedAt, item.Version, item.FreeKeywords) = (v.PublishedAt, now, Guid.NewGuid(), v.Keywords);
        Audit(user, t is null ? "news.translated" : "news.edited", item.Id, v.Title, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return NewsSaveOutcome.Conflict;
        }
        return NewsSaveOutcome.Saved;
    }

    private void Audit(ClaimsPrincipal user, string action, int id, string title, DateTime at) =>
        db.AuditEntries.Add(new AuditEntry { At = at, UserId = PracticeEditor.UserId(user), Action = action, Subject = $"news/{id.ToString(CultureInfo.InvariantCulture)}", Details = title });

    public async Task<string> UniqueSlugAsync(string title, CancellationToken ct)
    {
        var baseSlug = Slugs.From(title);
        if (ReservedSlugs.Contains(baseSlug)) baseSlug += "-news";
        var taken = await db.NewsItems.Where(x => x.Slug == baseSlug || x.Slug.StartsWith(baseSlug + "-")).Select(x => x.Slug).ToListAsync(ct);
        if (!taken.Contains(baseSlug)) return baseSlug;
        for (var n = 2; ; n++)
            if (!taken.Contains($"{baseSlug}-{n}")) return $"{baseSlug}-{n}";
    }
}
