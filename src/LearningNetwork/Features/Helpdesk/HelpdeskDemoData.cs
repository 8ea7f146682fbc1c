using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Helpdesk;

/// <summary>
/// The demo helpdesk (Features/Helpdesk/DemoData/demo-helpdesk.json): questions of the demo partners in their own
/// languages, most answered by other partners (one answer accepted), some still open, one escalated. Every partner,
/// language, GEMET id and target is checked against the database, so a typo stops the seeding with its name. Dates are
/// counted back from the seeding day; demo questions are never escalated by the job (their state is the file's).
/// </summary>
internal static class HelpdeskDemoData
{
    private static string File => Path.Combine(AppContext.BaseDirectory, "Features", "Helpdesk", "DemoData", "demo-helpdesk.json");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    internal sealed record DemoAnswer(string Partner, string Language, int DaysAfter, bool Accepted, string Body);

    internal sealed record DemoQuestion(string Slug, string Partner, string Language, string Status, int AskedDaysAgo, string Title, string Body,
        int[] Themes, string[] Targets, DemoAnswer[] Answers);

    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        if (!System.IO.File.Exists(File)) return 0;
        var items = JsonSerializer.Deserialize<List<DemoQuestion>>(await System.IO.File.ReadAllBytesAsync(File, ct), Json) ?? [];
        var partners = await db.Partners.Where(p => p.IsDemo).ToDictionaryAsync(p => p.Slug, ct);
        var concepts = (await db.GemetConcepts.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var targets = (await db.PolicyTargets.Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var languages = (await db.Languages.Select(l => l.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;

        Partner PartnerOf(string slug, string item) => partners.GetValueOrDefault(slug) ?? throw new InvalidDataException($"Demo helpdesk question {item}: unknown partner {slug}.");
        string Language(string code, string item) => languages.Contains(code) ? code : throw new InvalidDataException($"Demo helpdesk question {item}: unknown language {code}.");

        var accepted = new List<(HelpdeskQuestion Question, HelpdeskAnswer Answer)>();
        foreach (var d in items)
        {
            var partner = PartnerOf(d.Partner, d.Slug);
            var status = d.Status switch
            {
                "answered" => QuestionStatus.Answered, "open" => QuestionStatus.Open, "escalated" => QuestionStatus.Escalated, "closed" => QuestionStatus.Closed,
                _ => throw new InvalidDataException($"Demo helpdesk question {d.Slug}: unknown status {d.Status}."),
            };
            var asked = now.AddDays(-d.AskedDaysAgo);
            var question = new HelpdeskQuestion
            {
                Slug = d.Slug, PartnerId = partner.Id, Title = d.Title, Body = d.Body, Language = Language(d.Language, d.Slug), CountryCode = partner.CountryCode,
                NutsCode = partner.NutsCode, AskedAt = asked, DueAt = HelpdeskDesk.DueAfter(asked, 5), Status = status, UpdatedAt = asked, IsDemo = true,
                EscalatedAt = status == QuestionStatus.Escalated ? HelpdeskDesk.DueAfter(asked, 5) : null,
                Tags = d.Themes.Select(t => new HelpdeskQuestionTag
                    {
                        Scheme = QuestionTagSchemes.Theme,
                        Code = concepts.Contains(t) ? t.ToString(CultureInfo.InvariantCulture) : throw new InvalidDataException($"Demo helpdesk question {d.Slug}: unknown GEMET concept {t}."),
                    })
                    .Concat(d.Targets.Select(t => new HelpdeskQuestionTag
                    {
                        Scheme = QuestionTagSchemes.Target, Code = targets.Contains(t) ? t : throw new InvalidDataException($"Demo helpdesk question {d.Slug}: unknown target {t}."),
                    })).ToList(),
            };
            foreach (var a in d.Answers)
            {
                var answer = new HelpdeskAnswer
                {
                    PartnerId = PartnerOf(a.Partner, d.Slug).Id, Body = a.Body, Language = Language(a.Language, d.Slug), CreatedAt = asked.AddDays(a.DaysAfter), IsDemo = true,
                };
                question.Answers.Add(answer);
                if (a.Accepted) accepted.Add((question, answer));
            }
            if (status == QuestionStatus.Answered && !d.Answers.Any(a => a.Accepted))
                throw new InvalidDataException($"Demo helpdesk question {d.Slug}: answered without an accepted answer.");
            db.HelpdeskQuestions.Add(question);
        }
        await db.SaveChangesAsync(ct);
        foreach (var (question, answer) in accepted)
        {
            question.AcceptedAnswerId = answer.Id;
            question.AnsweredAt = answer.CreatedAt;
            question.UpdatedAt = answer.CreatedAt;
        }
        await db.SaveChangesAsync(ct);
        return items.Count;
    }
}
