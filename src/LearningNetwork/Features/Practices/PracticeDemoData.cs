using System.Text.Json;
using System.Text.Json.Serialization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// The demo practices (Features/Practices/DemoData/demo-practices-*.json): invented practices of the demo partners,
/// written in the partners' own languages with English translations, with results, building blocks and transfers
/// between them. Every code is checked against the reference data, so a typo stops the seeding with its name.
/// </summary>
internal static class PracticeDemoData
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Features", "Practices", "DemoData");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    internal sealed record DemoText(string? Origin, bool? Reviewed, string? Title, string? Summary, string? Description, string? Challenge,
        string? PolicyBackground, string? Objectives, string? Actions, string? HowBlocksFit, string? Stakeholders, string? Beneficiaries,
        string? CostsBenefits, string? CoBenefits, string? SuccessFactors, string? Difficulties, string? Transferability);

    internal sealed record DemoBlockText(string Title, string? Description, string? EnablingFactors, string? LessonsLearned);

    internal sealed record DemoBlock(Dictionary<string, DemoBlockText> Texts);

    internal sealed record DemoResult(string Label, double Value, string Unit, double? Baseline, int? Year, string? Indicator);

    internal sealed record DemoTransfer(string From, string Scope, int[]? Blocks, string Date, string WhatChanged, string? Result);

    internal sealed record DemoPractice(string Slug, string Partner, string[]? Contributors, string Status, string Stage, string? StartDate,
        string? EndDate, string Language, string Country, string? Nuts, string? Lau, double? Latitude, double? Longitude, string? PlaceName,
        string GovernanceLevel, string? Scale, string[]? Bioregions, string[]? Habitats, string[]? Services, int[]? Themes, string[]? Targets,
        int[]? Sdgs, string[]? Keywords, string[]? Funding, double? BudgetEur, double? StaffFte, int? MonthsToImplement,
        int? ExpectedLifetimeYears, string? ReviewBy, Dictionary<string, DemoText> Texts, DemoBlock[]? BuildingBlocks, DemoResult[]? Results,
        DemoTransfer[]? Transfers);

    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        if (!Directory.Exists(Folder)) return 0;
        var demo = new List<DemoPractice>();
        foreach (var file in Directory.GetFiles(Folder, "demo-practices-*.json").Order(StringComparer.Ordinal))
            demo.AddRange(JsonSerializer.Deserialize<List<DemoPractice>>(await File.ReadAllBytesAsync(file, ct), Json)
                          ?? throw new InvalidDataException($"{file} is empty."));

        var partners = await db.Partners.Where(p => p.IsDemo).ToDictionaryAsync(p => p.Slug, ct);
        var nuts = await db.NutsRegions.Select(r => new { r.Code, r.CountryCode }).ToDictionaryAsync(r => r.Code, r => r.CountryCode, ct);
        var countries = await db.Countries.ToDictionaryAsync(c => c.Code, c => c.EurostatCode, ct);
        var codes = new PracticeCodes(
            (await db.GemetConcepts.Select(c => c.Id).ToListAsync(ct)).ToHashSet(),
            (await db.EunisHabitats.Select(h => h.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
            (await db.CicesCategories.Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
            (await db.PolicyTargets.Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
            (await db.BiogeographicalRegions.Select(r => r.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal));
        var now = clock.GetUtcNow().UtcDateTime;
        var bySlug = new Dictionary<string, Practice>(StringComparer.Ordinal);

        foreach (var (d, index) in demo.Select((d, i) => (d, i)))
        {
            string Where(string what) => $"Demo practice {d.Slug}: {what}";
            if (!partners.TryGetValue(d.Partner, out var owner)) throw new InvalidDataException(Where($"unknown partner {d.Partner}."));
            if (!countries.TryGetValue(d.Country, out var eurostat)) throw new InvalidDataException(Where($"unknown country {d.Country}."));
            if (d.Nuts is not null && (!nuts.TryGetValue(d.Nuts, out var nutsCountry) || nutsCountry != eurostat))
                throw new InvalidDataException(Where($"NUTS code {d.Nuts} is not a region of {d.Country}."));
            if (!d.Texts.TryGetValue(d.Language, out var originalText) || originalText.Title is null || originalText.Summary is null)
                throw new InvalidDataException(Where($"no title and summary in its original language {d.Language}."));
            var tags = new List<PracticeTag>();
            void Tag(string scheme, IEnumerable<string>? values, Func<string, bool> known)
            {
                foreach (var v in (values ?? []).Distinct())
                {
                    if (!known(v)) throw new InvalidDataException(Where($"unknown {scheme} code {v}."));
                    tags.Add(new PracticeTag { Scheme = scheme, Code = v });
                }
            }
            Tag(PracticeTagSchemes.Theme, d.Themes?.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)), v => codes.Concepts.Contains(int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));
            Tag(PracticeTagSchemes.Habitat, d.Habitats, codes.Habitats.Contains);
            Tag(PracticeTagSchemes.Service, d.Services, codes.Services.Contains);
            Tag(PracticeTagSchemes.Target, d.Targets, codes.Targets.Contains);
            Tag(PracticeTagSchemes.Bioregion, d.Bioregions, codes.Bioregions.Contains);
            Tag(PracticeTagSchemes.Funding, d.Funding, FundingSources.All.Contains);
            Tag(PracticeTagSchemes.Sdg, d.Sdgs?.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)), v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 17);

            var stage = PracticesApi.ParseCode<PracticeStage>(d.Stage) ?? throw new InvalidDataException(Where($"unknown stage {d.Stage}."));
            // Spread publication over the last two years so that "newest" means something.
            var published = now.AddDays(-7 - (index * 37 % 700));
            var practice = new Practice
            {
                Slug = d.Slug, PartnerId = owner.Id, OriginalLanguage = d.Language, CountryCode = d.Country, NutsCode = d.Nuts, LauCode = d.Lau,
                Status = PracticesApi.ParseCode<PracticeStatus>(d.Status) ?? throw new InvalidDataException(Where($"unknown status {d.Status}.")),
                Stage = stage,
                GovernanceLevel = PracticesApi.ParseCode<GovernanceLevel>(d.GovernanceLevel) ?? throw new InvalidDataException(Where($"unknown governance level {d.GovernanceLevel}.")),
                StartDate = Date(d.StartDate), EndDate = Date(d.EndDate), Latitude = d.Latitude, Longitude = d.Longitude, PlaceName = d.PlaceName,
                Scale = d.Scale, BudgetEur = d.BudgetEur, StaffFte = d.StaffFte, MonthsToImplement = d.MonthsToImplement,
                ExpectedLifetimeYears = d.ExpectedLifetimeYears, ReviewBy = Date(d.ReviewBy), IsDemo = true,
                CreatedAt = published.AddDays(-30), UpdatedAt = published, PublishedAt = stage >= PracticeStage.Published ? published : null,
                ValidatedAt = stage >= PracticeStage.Validated ? published.AddDays(-2) : null,
                LastReviewedAt = stage >= PracticeStage.Published ? published : null,
                Tags = tags,
                Contributors = (d.Contributors ?? []).Where(c => c != d.Partner).Distinct()
                    .Select(c => partners.TryGetValue(c, out var p) ? new PracticeContributor { PartnerId = p.Id } : throw new InvalidDataException(Where($"unknown contributor {c}.")))
                    .ToList(),
                Texts = d.Texts.Where(t => t.Value.Title is not null && t.Value.Summary is not null).Select(t => new PracticeText
                {
                    Language = t.Key, Origin = t.Key == d.Language ? TextOrigin.Human : PracticesApi.ParseCode<TextOrigin>(t.Value.Origin) ?? TextOrigin.Human,
                    Reviewed = t.Key == d.Language || (t.Value.Reviewed ?? false), Title = t.Value.Title!, Summary = t.Value.Summary!,
                    Description = t.Value.Description, Challenge = t.Value.Challenge, PolicyBackground = t.Value.PolicyBackground,
                    Objectives = t.Value.Objectives, Actions = t.Value.Actions, HowBlocksFit = t.Value.HowBlocksFit, Stakeholders = t.Value.Stakeholders,
                    Beneficiaries = t.Value.Beneficiaries, CostsBenefits = t.Value.CostsBenefits, CoBenefits = t.Value.CoBenefits,
                    SuccessFactors = t.Value.SuccessFactors, Difficulties = t.Value.Difficulties, Transferability = t.Value.Transferability,
                    Keywords = t.Key == d.Language ? PracticeKeywords.Join(d.Keywords ?? []) : null, UpdatedAt = published,
                }).ToList(),
                Blocks = (d.BuildingBlocks ?? []).Select((b, i) => new BuildingBlock
                {
                    Position = i,
                    Texts = b.Texts.Select(t => new BuildingBlockText
                    {
                        Language = t.Key, Title = t.Value.Title, Description = t.Value.Description, EnablingFactors = t.Value.EnablingFactors,
                        LessonsLearned = t.Value.LessonsLearned,
                    }).ToList(),
                }).ToList(),
                Results = (d.Results ?? []).Select((r, i) => new PracticeResult
                {
                    Position = i, Label = r.Label, Value = r.Value, Unit = r.Unit, Baseline = r.Baseline, Year = r.Year,
                    Indicator = r.Indicator is null || ResultIndicators.All.Contains(r.Indicator) ? r.Indicator : throw new InvalidDataException(Where($"unknown indicator {r.Indicator}.")),
                }).ToList(),
            };
            if (!bySlug.TryAdd(d.Slug, practice)) throw new InvalidDataException(Where("the slug is used twice."));
            db.Practices.Add(practice);
            PracticeHistory.Record(db, practice, "created", null, practice.CreatedAt, number: 1);
            if (practice.PublishedAt is { } at) PracticeHistory.Record(db, practice, "published", null, at, number: 2);
        }
        await db.SaveChangesAsync(ct);

        foreach (var d in demo)
            foreach (var t in d.Transfers ?? [])
            {
                if (!bySlug.TryGetValue(t.From, out var source)) throw new InvalidDataException($"Demo practice {d.Slug}: transfer from unknown practice {t.From}.");
                var adopted = bySlug[d.Slug];
                var scope = t.Scope == "blocks" ? TransferScope.Blocks : TransferScope.Whole;
                var blocks = source.Blocks.OrderBy(b => b.Position).ToList();
                db.PracticeTransfers.Add(new PracticeTransfer
                {
                    SourcePracticeId = source.Id, AdoptedPracticeId = adopted.Id, AdoptingPartnerId = adopted.PartnerId, Scope = scope,
                    TransferredOn = Date(t.Date) ?? throw new InvalidDataException($"Demo practice {d.Slug}: transfer without a date."),
                    WhatChanged = t.WhatChanged, Result = t.Result, CreatedAt = now,
                    Blocks = scope == TransferScope.Blocks
                        ? (t.Blocks ?? []).Where(i => i >= 0 && i < blocks.Count).Select(i => new PracticeTransferBlock { BuildingBlockId = blocks[i].Id }).ToList()
                        : [],
                });
            }
        await db.SaveChangesAsync(ct);
        return demo.Count;
    }

    private static DateOnly? Date(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The reference codes a practice may use, loaded once per validation.</summary>
public sealed record PracticeCodes(HashSet<int> Concepts, HashSet<string> Habitats, HashSet<string> Services, HashSet<string> Targets, HashSet<string> Bioregions);
