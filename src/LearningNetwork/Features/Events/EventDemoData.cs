using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Events;

/// <summary>
/// The demo events: a year of invented events of the demo partners around the seeding day (half past, half upcoming), in
/// their languages — past ones with material and participants (demo profiles), one in Helsinki, online ones, and one full
/// with a waiting list. Dates are relative to the seeding day (the network's calendar moves with the clock), set as
/// wall-clock times in each event's zone. Every partner, language, theme and target is checked against the reference data.
/// </summary>
internal static class EventDemoData
{
    private sealed record Demo(string Partner, EventKind Kind, string Language, string Title, string Summary, string Description, int DaysFromToday,
        int StartHour, int Hours, string Zone, string? Address, double? Lat, double? Lon, bool Online, int? Capacity, int[] Themes, string[] Targets,
        string[] Languages, string[] CoOrganisers, int Participants, int Waiting = 0, bool Material = false, int Days = 1);

    private static readonly Demo[] Events =
    [
        new("helsinki", EventKind.StudyVisit, "en", "Study visit: urban forests and stormwater wetlands in Helsinki",
            "Two days with Helsinki's city ecologists in Central Park, the Vantaa river wetlands and the new green roofs of Kalasatama.",
            "Helsinki keeps a **continuous green network** from the sea to the city border. On this study visit we walk the Central Park forest, see how stormwater wetlands were built along the Vantaa river, and discuss the biodiversity criteria of our land-use plan with the planners who wrote them.\n\n- Day 1: Central Park and the forest management plan\n- Day 2: Kalasatama green roofs and the Vantaa wetlands",
            45, 9, 8, "Europe/Helsinki", "Pohjoisesplanadi 11–13, 00170 Helsinki", 60.1679, 24.9524, false, 25, [8815, 12161], ["kmgbf:12", "kmgbf:11"], ["en", "fi"], ["stockholm-region"], 6, Days: 2),
        new("porto", EventKind.Webinar, "pt", "Webinar: soluções baseadas na natureza nas cidades costeiras",
            "Como Porto e outras cidades atlânticas usam dunas, estuários e parques para se adaptarem às tempestades.",
            "Um webinar de uma hora e meia sobre **soluções baseadas na natureza** no litoral: a recuperação das dunas de Matosinhos, o parque da cidade como bacia de retenção e o que aprendemos com as tempestades de 2024. Haverá tempo para perguntas.",
            12, 14, 2, "Europe/Lisbon", null, null, null, true, null, [9297], ["kmgbf:8", "kmgbf:11"], ["pt", "en"], [], 0),
        new("vienna", EventKind.Workshop, "de", "Workshop: Biodiversität in der Stadtplanung verankern",
            "Ein Arbeitstag für Planerinnen und Planer: Biodiversitätskriterien in Flächenwidmung und Bebauungspläne übernehmen.",
            "Wien hat 2023 **Biodiversitätskriterien** in die Flächenwidmung aufgenommen. In diesem Workshop zeigen wir die Kriterien, üben an drei echten Bebauungsplänen und sammeln, was in anderen Städten übertragbar ist.",
            30, 9, 7, "Europe/Vienna", "Rathausplatz 1, 1010 Wien", 48.2108, 16.3573, false, 4, [7244, 762], ["kmgbf:14", "kmgbf:12"], ["de"], ["danube-regions-network"], 4, Waiting: 2),
        new("paris", EventKind.Conference, "fr", "Conférence : les régions face au règlement sur la restauration de la nature",
            "Deux jours pour comprendre ce que le règlement demande aux régions et aux communes, avec des exemples de plans de restauration.",
            "Le **règlement sur la restauration de la nature** fixe des objectifs chiffrés d’ici 2030. Cette conférence réunit des régions, des communes et la Commission pour présenter les premiers plans nationaux de restauration et ce qu’ils signifient localement.",
            75, 9, 9, "Europe/Paris", "Hôtel de Ville, Place de l'Hôtel de Ville, 75004 Paris", 48.8566, 2.3522, true, 300, [7188], ["nrr:4", "nrr:8", "kmgbf:2"], ["fr", "en"], ["ile-de-france", "ceei-network"], 0, Days: 2),
        new("lviv-oblast", EventKind.Training, "uk", "Навчання: моніторинг біорізноманіття для громад",
            "Онлайн-курс із трьох занять про те, як громади можуть збирати дані про види та середовища існування.",
            "Три онлайн-заняття для фахівців громад: **прості методи моніторингу**, мобільні застосунки для обліку видів і як використовувати дані в планах розвитку громади.",
            20, 10, 3, "Europe/Kyiv", null, null, null, true, 60, [762], ["kmgbf:21"], ["uk", "pl"], ["warsaw"], 0),
        new("ceei-network", EventKind.PeerReviewMeeting, "en", "Peer review meeting: Barcelona's urban nature plan at mid-term",
            "Peers from four networks review the mid-term results of Barcelona's urban green infrastructure and biodiversity plan.",
            "A **peer review** in the network's format: the reviewed city presents its self-assessment, three peers ask questions and visit two sites, and the meeting agrees on recommendations that the city will follow up at 6 and 12 months.",
            100, 9, 8, "Europe/Madrid", "Plaça de Sant Jaume 1, 08002 Barcelona", 41.3826, 2.1769, false, 20, [8815], ["kmgbf:12"], ["en", "es", "ca"], ["barcelona"], 0),
        new("copenhagen", EventKind.Webinar, "da", "Webinar: grønne tage og biodiversitet",
            "Hvad vi har lært af ti års grønne tage i København — hvilke planter klarer sig, og hvad koster det?",
            "Et webinar om **grønne tage** som levested: målinger af insekter på 40 tage, plantevalg og vedligeholdelse, og kommunens krav i lokalplanerne.",
            -20, 13, 1, "Europe/Copenhagen", null, null, null, true, null, [12161], ["kmgbf:12"], ["da", "en"], [], 5, Material: true),
        new("tuscany", EventKind.Workshop, "it", "Laboratorio: corridoi ecologici nei paesaggi agricoli",
            "Una giornata con agricoltori e tecnici regionali sulle siepi, i filari e le fasce tampone della Toscana.",
            "Il laboratorio presenta la **rete ecologica regionale** e le misure agro-climatico-ambientali che la sostengono: siepi, filari, fasce tampone lungo i corsi d'acqua. Nel pomeriggio visita a due aziende agricole in Val d'Orcia.",
            -60, 9, 8, "Europe/Rome", "Piazza Duomo 10, 50122 Firenze", 43.7731, 11.2560, false, 30, [9297, 7244], ["kmgbf:10", "kmgbf:2"], ["it"], [], 7, Material: true),
        new("helsinki", EventKind.Webinar, "fi", "Webinaari: kaupunkimetsien monimuotoisuus ja virkistyskäyttö",
            "Miten kaupunki hoitaa metsiään niin, että sekä luonto että ulkoilijat hyötyvät?",
            "Webinaarissa esitellään Helsingin **metsäverkoston** hoitoperiaatteet, lahopuun lisääminen ja asukkaiden osallistaminen metsäsuunnitteluun.",
            -100, 14, 2, "Europe/Helsinki", null, null, null, true, 100, [8815], ["kmgbf:12"], ["fi", "sv"], [], 6, Material: true),
        new("munich", EventKind.StudyVisit, "de", "Studienreise: Renaturierung der Isar",
            "Ein Tag an der renaturierten Isar: Hochwasserschutz, Kiesbänke und Erholung in der Stadt.",
            "Die **Isar-Renaturierung** hat zwischen 2000 und 2011 acht Kilometer Fluss in der Stadt wieder natürlicher gemacht. Wir gehen die Strecke mit den Planern des Wasserwirtschaftsamts ab.",
            -150, 10, 6, "Europe/Berlin", "Flaucher, Isarauen, 81371 München", 48.1099, 11.5603, false, 20, [7188, 9297], ["nrr:9", "kmgbf:2"], ["de", "en"], ["upper-bavaria"], 8, Material: true),
        new("danube-regions-network", EventKind.Conference, "en", "Danube regions biodiversity forum",
            "The yearly forum of the Danube regions: floodplains, sturgeons and cross-border protected areas.",
            "The **Danube regions biodiversity forum** brings together regions of ten countries. This year's sessions: reconnecting floodplains, the sturgeon action plan and joint management of cross-border protected areas.",
            -220, 9, 8, "Europe/Vienna", "Messe Wien, Trabrennstraße 7, 1020 Wien", 48.2176, 16.4067, true, 200, [7188, 762], ["kmgbf:3", "kmgbf:4"], ["en", "de"], ["vienna", "budapest"], 9, Material: true),
        new("warsaw", EventKind.Training, "pl", "Szkolenie: inwentaryzacja przyrodnicza w gminach",
            "Dwudniowe szkolenie dla urzędników gmin o zamawianiu i wykorzystywaniu inwentaryzacji przyrodniczych.",
            "Szkolenie pokazuje, **jak zamówić inwentaryzację przyrodniczą**, jak ocenić jej jakość i jak wykorzystać wyniki w studium i planach miejscowych.",
            -300, 9, 7, "Europe/Warsaw", "Plac Bankowy 3/5, 00-950 Warszawa", 52.2431, 21.0017, false, 40, [762], ["kmgbf:21", "kmgbf:14"], ["pl"], [], 6, Material: true, Days: 2),
    ];

    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        var partners = await db.Partners.Where(p => p.IsDemo).ToDictionaryAsync(p => p.Slug, ct);
        var languages = (await db.Languages.Select(l => l.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var targets = (await db.PolicyTargets.Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var themes = Events.SelectMany(e => e.Themes).Distinct().ToList();
        var knownThemes = (await db.GemetConcepts.Where(c => themes.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var profiles = await db.PersonProfiles.Where(p => p.IsDemo).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var next = 0;
        foreach (var (d, index) in Events.Select((d, i) => (d, i)))
        {
            string Where(string what) => $"Demo event {index + 1} ({d.Title}): {what}";
            if (!partners.TryGetValue(d.Partner, out var partner)) throw new InvalidDataException(Where($"unknown partner {d.Partner}."));
            if (!languages.Contains(d.Language)) throw new InvalidDataException(Where($"unknown language {d.Language}."));
            foreach (var l in d.Languages) if (!languages.Contains(l)) throw new InvalidDataException(Where($"unknown language {l}."));
            foreach (var t in d.Targets) if (!targets.Contains(t)) throw new InvalidDataException(Where($"unknown target {t}."));
            foreach (var t in d.Themes) if (!knownThemes.Contains(t)) throw new InvalidDataException(Where($"unknown GEMET concept {t}."));
            var zone = EventTimes.Find(d.Zone) ?? throw new InvalidDataException(Where($"unknown time zone {d.Zone}."));
            var day = today.AddDays(d.DaysFromToday);
            var starts = EventTimes.ToUtc(day.ToDateTime(new TimeOnly(d.StartHour, 0)), zone)!.Value;
            var ends = EventTimes.ToUtc(day.AddDays(d.Days - 1).ToDateTime(new TimeOnly(d.StartHour + d.Hours, 0)), zone)!.Value;
            var slug = Infrastructure.Slugs.From(d.Title);
            if (!slugs.Add(slug)) throw new InvalidDataException(Where("two demo events have the same slug."));
            var e = new Event
            {
                Slug = slug, PartnerId = partner.Id, Kind = d.Kind, Language = d.Language, Title = d.Title, Summary = d.Summary, Description = d.Description,
                StartsAt = starts, EndsAt = ends, TimeZone = d.Zone, Address = d.Address, Latitude = d.Lat, Longitude = d.Lon,
                CountryCode = partner.CountryCode, OnlineUrl = d.Online ? $"https://meet.example.org/ln-{slug}" : null, Capacity = d.Capacity,
                RegistrationDeadline = starts.AddDays(-2), CancellationDeadline = starts.AddDays(-3), IsDemo = true,
                CreatedAt = now.AddDays(Math.Min(-10, d.DaysFromToday - 40)), UpdatedAt = now.AddDays(Math.Min(-1, d.DaysFromToday - 5)),
            };
            if (d.Material)
            {
                e.SlidesUrl = $"https://files.example.org/ln/{slug}/slides.pdf";
                e.RecordingUrl = d.Online ? $"https://video.example.org/ln/{slug}" : null;
                e.ReportUrl = $"https://files.example.org/ln/{slug}/report.pdf";
            }
            e.Tags.AddRange(d.Themes.Select(t => new EventTag { Scheme = EventTagSchemes.Theme, Code = t.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            e.Tags.AddRange(d.Targets.Select(t => new EventTag { Scheme = EventTagSchemes.Target, Code = t }));
            e.Tags.AddRange(d.Languages.Select(l => new EventTag { Scheme = EventTagSchemes.Language, Code = l }));
            foreach (var co in d.CoOrganisers)
                e.CoOrganisers.Add(new EventOrganiser { PartnerId = partners.TryGetValue(co, out var p) ? p.Id : throw new InvalidDataException(Where($"unknown co-organiser {co}.")) });
            // Demo participants are demo profiles (no account), in turn; the full event's last ones wait.
            for (var i = 0; i < d.Participants + d.Waiting && profiles.Count > 0; i++)
            {
                var waiting = i >= d.Participants;
                e.Registrations.Add(new EventRegistration
                {
                    ProfileId = profiles[next++ % profiles.Count], State = waiting ? RegistrationState.Waiting : RegistrationState.Registered,
                    RegisteredAt = e.CreatedAt.AddDays(1).AddHours(i), Language = d.Language,
                    // nobody is reminded of a demo event: demo profiles have no address
                    ReminderSentAt = e.CreatedAt,
                });
            }
            db.Events.Add(e);
        }
        await db.SaveChangesAsync(ct);
        return Events.Length;
    }
}
