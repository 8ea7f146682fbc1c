using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.News;

/// <summary>
/// Demo news: one item of the network itself (in English and German) and one of each of the first three demo partners, on the
/// themes their practices use, dated over the last weeks; and one sent newsletter gathering them with the newest practices,
/// so the archive is not empty. Invented, marked as demo.
/// </summary>
public static class NewsDemoData
{
    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var partners = await db.Partners.Where(p => p.IsDemo).OrderBy(p => p.Id).Take(3).Select(p => new { p.Id, p.Name, p.Slug }).ToListAsync(ct);
        if (partners.Count == 0) return 0;
        var themes = (await db.PracticeTags.AsNoTracking().Where(t => t.Scheme == PracticeTagSchemes.Theme).Select(t => t.Code).ToListAsync(ct))
            .GroupBy(c => c).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => int.Parse(g.Key, System.Globalization.CultureInfo.InvariantCulture)).Take(3).ToList();
        NewsText Text(string lang, string title, string summary, string body) => new() { Language = lang, Title = title, Summary = summary, Body = body, UpdatedAt = now };
        var items = new List<NewsItem>
        {
            new()
            {
                Slug = "demo-network-assembly", OriginalLanguage = "en", PublishedAt = now.AddDays(-2), CreatedAt = now, UpdatedAt = now, IsDemo = true,
                Texts =
                [
                    Text("en", "The network's partners chose three themes for next year", "Meeting online, the partners agreed to work together on peatlands, pollinators and urban green space.",
                        "The partners' assembly met online.\n\n## What was decided\n\n- three shared themes for the coming year;\n- a peer review round in spring;\n- a newsletter every month."),
                    Text("de", "Die Partner des Netzwerks haben drei Themen für das nächste Jahr gewählt", "Online vereinbarten die Partner, gemeinsam an Mooren, Bestäubern und städtischem Grün zu arbeiten.",
                        "Die Partnerversammlung traf sich online.\n\n## Was beschlossen wurde\n\n- drei gemeinsame Themen für das kommende Jahr;\n- eine Runde gegenseitiger Begutachtung im Frühjahr;\n- jeden Monat ein Newsletter."),
                ],
                Themes = themes.Select(t => new NewsTheme { ConceptId = t }).ToList(),
            },
        };
        for (var i = 0; i < partners.Count; i++)
        {
            var p = partners[i];
            items.Add(new NewsItem
            {
                Slug = $"demo-news-{p.Slug}", PartnerId = p.Id, OriginalLanguage = "en", PublishedAt = now.AddDays(-7 * (i + 1)), CreatedAt = now, UpdatedAt = now, IsDemo = true,
                Texts = [Text("en", $"{p.Name}: first results of this year's field season", "Volunteers and staff counted what came back after the works of the last two years.",
                    "Counts were made along the same routes as before the works. The full results follow in our practice pages.")],
                Themes = themes.Skip(i).Take(1).Select(t => new NewsTheme { ConceptId = t }).ToList(),
            });
        }
        db.NewsItems.AddRange(items);
        await db.SaveChangesAsync(ct);
        var practices = await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published).OrderByDescending(p => p.PublishedAt).Take(3).Select(p => p.Id).ToListAsync(ct);
        var entries = items.Select(n => ("news", n.Id)).Concat(practices.Select(id => ("practice", id))).Select((e, i) => new NewsletterEntry { Kind = e.Item1, ItemId = e.Item2, Position = i }).ToList();
        db.NewsletterIssues.Add(new NewsletterIssue
        {
            Title = "Network newsletter: the partners' assembly and the field season", Language = "en", State = NewsletterState.Sent,
            Introduction = "What the partners decided, and what they counted in the field.", CreatedAt = now.AddDays(-1), UpdatedAt = now.AddDays(-1), SentAt = now.AddDays(-1),
            Entries = entries,
        });
        await db.SaveChangesAsync(ct);
        return items.Count;
    }
}
