using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Bench;

/// <summary>
/// <c>fill-practices N (--sqlite FILE | --postgres CONNECTION)</c>: grows a database the app has created and seeded with the
/// demo network to N published practices, for the page benchmark (bench/pages.sh) at 10k and 100k. Each added practice
/// copies the structure of a demo practice (partner, place, tags, building blocks, results: what the pages render) with
/// a text of the synthetic multilingual corpus (the demo practices' own sentences, 26 languages) as its title, summary
/// and description, so lists, facets, target pages and search have realistic work. The app's search index does not
/// see rows written behind its back: start the app on an empty index folder afterwards, so that it rebuilds.
/// </summary>
internal static class PracticeFill
{
    public static async Task<int> RunAsync(string repository, string[] args, TextWriter output)
    {
        var target = int.Parse(args[1], CultureInfo.InvariantCulture);
        string? Arg(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var builder = new DbContextOptionsBuilder<LearningNetworkDb>();
        if (Arg("--sqlite") is { } file) DataSetup.Configure(builder, DatabaseProvider.Sqlite, DataSetup.SqliteConnectionString(file));
        else if (Arg("--postgres") is { } cs) DataSetup.Configure(builder, DatabaseProvider.Postgres, cs);
        else
        {
            await Console.Error.WriteLineAsync("usage: fill-practices N (--sqlite FILE | --postgres CONNECTION)");
            return 2;
        }
        var options = builder.Options;

        List<Practice> models;
        int have;
        await using (var db = new LearningNetworkDb(options))
        {
            have = await db.Practices.CountAsync();
            models = await db.Practices.AsNoTracking().AsSplitQuery()
                .Where(p => p.Stage == PracticeStage.Published)
                .Include(p => p.Texts).Include(p => p.Tags).Include(p => p.Results).Include(p => p.Blocks).ThenInclude(b => b.Texts)
                .OrderBy(p => p.Id).ToListAsync();
        }
        if (models.Count == 0)
        {
            await Console.Error.WriteLineAsync("no published practice to copy: start the app once with --Seed:Demo=true first");
            return 1;
        }
        var missing = target - have;
        if (missing <= 0)
        {
            await output.WriteLineAsync($"{have:N0} practices already");
            return 0;
        }

        var corpus = await SyntheticCorpus.LoadAsync(repository);
        var started = DateTime.UtcNow;
        var index = 0;
        foreach (var batch in corpus.Items(missing).Chunk(2_000))
        {
            await using var db = new LearningNetworkDb(options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var item in batch)
            {
                var model = models[index % models.Count];
                db.Practices.Add(Copy(model, item.Language, item.Title, item.Body, ++index + have));
            }
            await db.SaveChangesAsync();
            await Console.Error.WriteLineAsync($"{have + index:N0} practices");
        }
        await output.WriteLineAsync($"added {missing:N0} practices (now {target:N0}) in {(DateTime.UtcNow - started).TotalSeconds:0} s");
        return 0;
    }

    private static Practice Copy(Practice model, string language, string title, string body, int number)
    {
        var summary = body.Length > 280 ? body[..body.LastIndexOf(' ', 280)] : body;
        var text = model.Texts.FirstOrDefault(t => t.Language == model.OriginalLanguage) ?? model.Texts[0];
        return new Practice
        {
            Slug = string.Create(CultureInfo.InvariantCulture, $"{model.Slug}-{number}"),
            PartnerId = model.PartnerId,
            Status = model.Status,
            Stage = PracticeStage.Published,
            OriginalLanguage = language,
            StartDate = model.StartDate,
            EndDate = model.EndDate,
            CountryCode = model.CountryCode,
            NutsCode = model.NutsCode,
            LauCode = model.LauCode,
            Latitude = model.Latitude,
            Longitude = model.Longitude,
            PlaceName = model.PlaceName,
            GovernanceLevel = model.GovernanceLevel,
            Scale = model.Scale,
            BudgetEur = model.BudgetEur,
            StaffFte = model.StaffFte,
            MonthsToImplement = model.MonthsToImplement,
            ExpectedLifetimeYears = model.ExpectedLifetimeYears,
            ReviewBy = model.ReviewBy,
            PublishedAt = model.PublishedAt,
            ValidatedAt = model.ValidatedAt,
            ValidatedBy = model.ValidatedBy,
            CreatedAt = model.CreatedAt,
            UpdatedAt = model.UpdatedAt,
            IsDemo = true,
            Texts =
            [
                new PracticeText
                {
                    Language = language, Origin = TextOrigin.Human, Reviewed = true, Title = $"{title} {number}", Summary = summary,
                    Description = body, Challenge = text.Challenge, Objectives = text.Objectives, Actions = text.Actions,
                    UpdatedAt = model.UpdatedAt,
                },
            ],
            Tags = model.Tags.Select(t => new PracticeTag { Scheme = t.Scheme, Code = t.Code }).ToList(),
            Results = model.Results.Select(r => new PracticeResult
            {
                Position = r.Position, Label = r.Label, Value = r.Value, Unit = r.Unit, Baseline = r.Baseline, Year = r.Year, Indicator = r.Indicator,
            }).ToList(),
            Blocks = model.Blocks.Select(b => new BuildingBlock
            {
                Position = b.Position,
                Texts = b.Texts.Select(t => new BuildingBlockText
                {
                    Language = t.Language, Title = t.Title, Description = t.Description, EnablingFactors = t.EnablingFactors, LessonsLearned = t.LessonsLearned,
                }).ToList(),
            }).ToList(),
        };
    }
}
