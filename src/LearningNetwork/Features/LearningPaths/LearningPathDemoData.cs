using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>
/// The demo learning paths: rewetting drained peatlands (English, German, Latvian, Finnish) and bringing nature into streets
/// and parks (English, German, Polish, Spanish), each through target explanations, demo practices, a demo event and an
/// official document. Practices, events, GEMET ids and targets are checked against the database, so a typo stops the
/// seeding with its name.
/// </summary>
internal static class LearningPathDemoData
{
    private sealed record DemoText(string Language, string Title, string Summary);

    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        var practices = await db.Practices.Where(p => p.IsDemo && p.Stage == PracticeStage.Published).ToDictionaryAsync(p => p.Slug, p => p.Id, ct);
        var concepts = (await db.GemetConcepts.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var targets = (await db.PolicyTargets.Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var events = await db.Events.Where(e => e.IsDemo).Select(e => new { e.Id, e.Title }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        LearningPathStep Practice(string slug) => practices.TryGetValue(slug, out var id)
            ? new LearningPathStep { Kind = LearningStepKind.Practice, PracticeId = id } : throw new InvalidDataException($"Demo learning path: unknown practice {slug}.");
        LearningPathStep Target(string code) => targets.Contains(code)
            ? new LearningPathStep { Kind = LearningStepKind.Target, TargetCode = code } : throw new InvalidDataException($"Demo learning path: unknown target {code}.");
        LearningPathStep Event(string titleStart) => events.FirstOrDefault(e => e.Title.StartsWith(titleStart, StringComparison.Ordinal)) is { } e
            ? new LearningPathStep { Kind = LearningStepKind.Event, EventId = e.Id } : throw new InvalidDataException($"Demo learning path: no demo event {titleStart}.");
        static LearningPathStep Document(string url, string title) => new() { Kind = LearningStepKind.Document, Url = url, Title = title };
        List<LearningPathTag> Tags(int[] themes, string[] codes) =>
            themes.Select(t => concepts.Contains(t) ? new LearningPathTag { Scheme = LearningPathTagSchemes.Theme, Code = t.ToString(CultureInfo.InvariantCulture) }
                    : throw new InvalidDataException($"Demo learning path: unknown GEMET concept {t}."))
                .Concat(codes.Select(c => targets.Contains(c) ? new LearningPathTag { Scheme = LearningPathTagSchemes.Target, Code = c }
                    : throw new InvalidDataException($"Demo learning path: unknown target {c}."))).ToList();
        LearningPath Path(string slug, int daysAgo, DemoText[] texts, List<LearningPathTag> tags, LearningPathStep[] steps)
        {
            for (var i = 0; i < steps.Length; i++) steps[i].Position = i + 1;
            return new LearningPath
            {
                Slug = slug, Language = texts[0].Language, CreatedAt = now.AddDays(-daysAgo - 30), UpdatedAt = now.AddDays(-daysAgo), IsDemo = true,
                Texts = texts.Select(t => new LearningPathText { Language = t.Language, Title = t.Title, Summary = t.Summary }).ToList(), Tags = tags, Steps = [.. steps],
            };
        }

        var peat = Path("rewetting-drained-peatlands", 12,
        [
            new("en", "Rewetting drained peatlands",
                "From the targets that ask for it to the work in the field: why drained peatlands are rewetted, how regions have blocked drains and raised the water table on former peat extraction sites, and how they monitor the return of bog vegetation with local people."),
            new("de", "Entwässerte Moore wiedervernässen",
                "Von den Zielen, die es verlangen, bis zur Arbeit im Gelände: warum entwässerte Moore wiedervernässt werden, wie Regionen Gräben verschlossen und den Wasserstand auf ehemaligen Torfabbauflächen angehoben haben und wie sie die Rückkehr der Moorvegetation gemeinsam mit der Bevölkerung beobachten."),
            new("lv", "Nosusināto purvu atjaunošana",
                "No mērķiem, kas to prasa, līdz darbam dabā: kāpēc nosusinātus purvus atjauno, kā reģioni aizsprosto grāvjus un paceļ ūdens līmeni bijušajās kūdras ieguves vietās un kā kopā ar vietējiem iedzīvotājiem seko purva veģetācijas atgriešanās."),
            new("fi", "Ojitettujen soiden ennallistaminen",
                "Tavoitteista maastotyöhön: miksi ojitettuja soita ennallistetaan, miten alueet ovat tukkineet ojia ja nostaneet vedenpintaa entisillä turvetuotantoalueilla ja miten suokasvillisuuden palaamista seurataan yhdessä paikallisten asukkaiden kanssa."),
        ], Tags([12161], ["kmgbf:2", "kmgbf:8", "nrr:4"]),
        [
            Target("kmgbf:2"),
            Target("nrr:4"),
            Document("https://eur-lex.europa.eu/eli/reg/2024/1991/oj", "Regulation (EU) 2024/1991 on nature restoration"),
            Practice("offaly-cutaway-bog-rewetting-community-monitoring"),
            Practice("koppl-bog-rewetting-salzburg"),
            Practice("kaigu-bog-former-peat-extraction-rewetting"),
            Practice("rehumidification-tourbieres-plateau-beauregard-comblement-drains"),
            Target("kmgbf:8"),
        ]);
        var city = Path("nature-in-streets-and-parks", 5,
        [
            new("en", "Nature in streets and parks",
                "How cities make room for nature where people live: the urban green space target explained, meadows instead of lawns, street trees that survive, a canopy plan for a whole district, and a workshop on anchoring biodiversity in urban planning."),
            new("de", "Natur in Straßen und Parks",
                "Wie Städte der Natur dort Raum geben, wo Menschen leben: das Ziel für städtische Grünflächen erklärt, Wiesen statt Rasen, Straßenbäume, die überleben, ein Kronendachplan für einen ganzen Stadtteil und ein Workshop zur Biodiversität in der Stadtplanung."),
            new("pl", "Przyroda na ulicach i w parkach",
                "Jak miasta robią miejsce dla przyrody tam, gdzie mieszkają ludzie: wyjaśnienie celu dotyczącego terenów zieleni miejskiej, łąki zamiast trawników, drzewa uliczne, które przetrwają, plan koron drzew dla całej dzielnicy i warsztaty o bioróżnorodności w planowaniu miejskim."),
            new("es", "Naturaleza en calles y parques",
                "Cómo las ciudades hacen sitio a la naturaleza donde vive la gente: la meta sobre espacios verdes urbanos explicada, praderas en lugar de césped, árboles de calle que sobreviven, un plan de copas para todo un barrio y un taller sobre la biodiversidad en el urbanismo."),
        ], Tags([8815], ["kmgbf:12", "nrr:8"]),
        [
            Target("kmgbf:12"),
            Target("nrr:8"),
            Practice("vienna-meadows-instead-of-lawns-parks-council-housing"),
            Practice("warsaw-street-tree-canopy-root-cells-rainwater"),
            Practice("copenhagen-nordvest-tree-canopy-plan"),
            Practice("refugis-pollinitzadors-sega-diferenciada-parcs-barcelona"),
            Event("Workshop: Biodiversität in der Stadtplanung"),
            Document("https://environment.ec.europa.eu/topics/urban-environment/urban-nature-platform_en", "EU Urban Nature Platform"),
        ]);
        db.LearningPaths.AddRange(peat, city);
        await db.SaveChangesAsync(ct);
        return 2;
    }
}
