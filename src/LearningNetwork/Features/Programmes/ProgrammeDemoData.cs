using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Programmes;

/// <summary>
/// The demo programmes: a peer review of Barcelona's urban nature plan, reported with recommendations and its 6-month
/// follow-up answered (linked to the demo peer-review meeting); a Polish peer review just accepted with its peers; a
/// German–Danish study visit with milestones; an Italian–Slovenian twinning. Partners, GEMET ids and targets are checked
/// against the database, so a typo stops the seeding with its name. Dates are counted from the seeding day; the
/// reminder job leaves demo programmes alone.
/// </summary>
internal static class ProgrammeDemoData
{
    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        var partners = await db.Partners.Where(p => p.IsDemo).ToDictionaryAsync(p => p.Slug, ct);
        var concepts = (await db.GemetConcepts.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var targets = (await db.PolicyTargets.Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        int Partner(string slug) => partners.TryGetValue(slug, out var p) ? p.Id : throw new InvalidDataException($"Demo programme: unknown partner {slug}.");
        List<ProgrammeTag> Tags(int[] themes, string[] codes) =>
            themes.Select(t => concepts.Contains(t) ? new ProgrammeTag { Scheme = ProgrammeTagSchemes.Theme, Code = t.ToString(CultureInfo.InvariantCulture) }
                    : throw new InvalidDataException($"Demo programme: unknown GEMET concept {t}."))
                .Concat(codes.Select(c => targets.Contains(c) ? new ProgrammeTag { Scheme = ProgrammeTagSchemes.Target, Code = c }
                    : throw new InvalidDataException($"Demo programme: unknown target {c}."))).ToList();
        ProgrammePeer Peer(string slug, double score) => new() { PartnerId = Partner(slug), Score = score, Reasons = "[]", ChosenAt = now.AddDays(-240) };

        var meeting = await db.Events.Where(e => e.IsDemo && e.Kind == EventKind.PeerReviewMeeting).OrderBy(e => e.Id).Select(e => (int?)e.Id).FirstOrDefaultAsync(ct);
        var reported = now.AddDays(-200);
        var barcelona = new Programme
        {
            Slug = "peer-review-barcelona-urban-nature-plan", Kind = ProgrammeKind.PeerReview, Stage = ProgrammeStage.Reported, PartnerId = Partner("barcelona"),
            Language = "en", Title = "Peer review: Barcelona's urban green infrastructure and biodiversity plan",
            Description = "Barcelona asks peers from other cities to review how its plan for urban green infrastructure and biodiversity is being carried out at mid-term, and what it should change for the second half.",
            Subject = ReviewSubject.Plan, Focus = "Are the plan's targets for green cover and connectivity realistic? Is the monitoring good enough to show progress? How could neighbourhoods take a larger part?",
            Agenda = "Day 1: the city's self-assessment, then a walk through the Collserola edge and the Glòries park.\n\nDay 2: interviews with district teams and residents' groups; the peers agree on their recommendations.",
            EventId = meeting, DecisionNote = "A clear application with a self-assessment; three peers with experience of urban green plans.", DecidedAt = now.AddDays(-240),
            Report = "The peers found a plan with strong political backing and good first results in green cover, but monitoring that counts trees rather than habitats, and little room for neighbourhoods to shape the projects near them.",
            ReportedAt = reported, CreatedAt = now.AddDays(-260), UpdatedAt = reported, IsDemo = true,
            Tags = Tags([8815, 12161], ["kmgbf:12", "kmgbf:11"]),
            Peers = [Peer("vienna", 0.62), Peer("paris", 0.55), Peer("munich", 0.48)],
            Recommendations =
            [
                new() { Position = 1, Text = "Monitor habitats and species groups, not only the number of trees, with a baseline in 2025.", TakenUp = true, DecidedAt = now.AddDays(-20) },
                new() { Position = 2, Text = "Give each district a small budget that residents allocate to green projects near them.", TakenUp = false, DecidedAt = now.AddDays(-20) },
                new() { Position = 3, Text = "Connect the Collserola edge to the city's parks with at least two continuous green corridors." },
            ],
            FollowUps =
            [
                new() { Months = 6, DueAt = reported.AddMonths(6), ReminderSentAt = reported.AddMonths(6), AnsweredAt = now.AddDays(-20), AnswerLanguage = "es",
                    Answer = "Hemos empezado un seguimiento de hábitats en doce parques con la universidad, con una línea de base este año. El presupuesto por distrito no ha sido posible en el presupuesto municipal actual; lo volveremos a proponer el próximo año." },
                new() { Months = 12, DueAt = reported.AddMonths(12) },
            ],
        };
        var krakow = new Programme
        {
            Slug = "przeglad-partnerski-malopolska-natura-2000", Kind = ProgrammeKind.PeerReview, Stage = ProgrammeStage.Accepted, PartnerId = Partner("malopolska"),
            Language = "pl", Title = "Przegląd partnerski: zarządzanie obszarami Natura 2000 w Małopolsce",
            Description = "Województwo prosi partnerów o ocenę, jak plany zadań ochronnych dla obszarów Natura 2000 są wdrażane razem z gminami i rolnikami.",
            Subject = ReviewSubject.Policy, Focus = "Czy podział zadań między województwo, gminy i rolników działa? Jak lepiej finansować działania ochronne na łąkach górskich?",
            DecisionNote = "Wniosek przyjęty; recenzenci z regionów górskich.", DecidedAt = now.AddDays(-15), CreatedAt = now.AddDays(-40), UpdatedAt = now.AddDays(-15), IsDemo = true,
            Tags = Tags([7244], ["kmgbf:3", "kmgbf:1"]), Peers = [Peer("salzburg-land", 0.51), Peer("south-moravia-southeast", 0.44)],
        };
        var visit = new Programme
        {
            Slug = "studienreise-hamburg-kopenhagen-gruendaecher", Kind = ProgrammeKind.StudyVisit, Stage = ProgrammeStage.Accepted, PartnerId = Partner("hamburg"),
            SecondPartnerId = Partner("copenhagen"), Language = "de", Title = "Studienreise: Gründächer und Regenwasser in Kopenhagen",
            Description = "Ein Team der Hamburger Umweltbehörde besucht Kopenhagen, um zu sehen, wie Gründachpflicht und Regenwasserplanung dort zusammenwirken.",
            Focus = "Wir wollen die Gründachstrategie Hamburgs überarbeiten und dafür die Kopenhagener Erfahrungen mit Pflicht, Förderung und Pflege kennenlernen.",
            StartsOn = today.AddDays(30), EndsOn = today.AddDays(32), DecidedAt = now.AddDays(-10), CreatedAt = now.AddDays(-30), UpdatedAt = now.AddDays(-10), IsDemo = true,
            Tags = Tags([12161], ["kmgbf:12"]),
            Milestones =
            [
                new() { Position = 1, Title = "Programm der Besuchstage abgestimmt", DueOn = today.AddDays(-5), DoneAt = now.AddDays(-6) },
                new() { Position = 2, Title = "Besuch in Kopenhagen", DueOn = today.AddDays(32) },
                new() { Position = 3, Title = "Bericht an die Bürgerschaft", DueOn = today.AddDays(90) },
            ],
        };
        var twinning = new Programme
        {
            Slug = "gemellaggio-toscana-ljubljana-corridoi-ecologici", Kind = ProgrammeKind.Twinning, Stage = ProgrammeStage.Accepted, PartnerId = Partner("tuscany"),
            SecondPartnerId = Partner("ljubljana"), Language = "it", Title = "Gemellaggio: corridoi ecologici tra città e campagna",
            Description = "La Toscana e Lubiana lavorano insieme per un anno sui corridoi ecologici che collegano i parchi urbani ai paesaggi agricoli.",
            Focus = "Scambiare metodi per mappare i corridoi, scrivere insieme linee guida per i comuni e provarle in due aree pilota.",
            StartsOn = today.AddDays(-90), EndsOn = today.AddDays(275), DecidedAt = now.AddDays(-100), CreatedAt = now.AddDays(-120), UpdatedAt = now.AddDays(-20), IsDemo = true,
            Tags = Tags([9297, 7244], ["kmgbf:2", "kmgbf:12"]),
            Milestones =
            [
                new() { Position = 1, Title = "Mappatura dei corridoi nelle due aree pilota", DueOn = today.AddDays(-30), DoneAt = now.AddDays(-25) },
                new() { Position = 2, Title = "Bozza delle linee guida per i comuni", DueOn = today.AddDays(60) },
                new() { Position = 3, Title = "Seminario finale a Lubiana", DueOn = today.AddDays(260) },
            ],
        };
        db.Programmes.AddRange(barcelona, krakow, visit, twinning);
        await db.SaveChangesAsync(ct);
        return 4;
    }
}
