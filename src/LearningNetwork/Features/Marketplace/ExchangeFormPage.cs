using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Marketplace;

/// <summary>The choices of the offer and request form, in the reader's language.</summary>
public sealed record ExchangeChoices(IReadOnlyList<FilterChoice> Organisations, IReadOnlyList<FilterChoice> Languages,
    IReadOnlyList<(string Code, string Title, IReadOnlyList<FilterChoice> Targets)> Frameworks, IReadOnlyList<FilterChoice> Habitats,
    IReadOnlyList<FilterChoice> People);

/// <summary>
/// What the new and edit pages of offers and requests share: the form, its choices, the rule that a rejected form
/// comes back with everything typed and its messages next to the fields. {type} is "offers" or "requests".
/// </summary>
public abstract class ExchangeFormPage(LearningNetworkDb db, MarketplaceEditor editor) : PageModel
{
    [BindProperty] public ExchangeForm Form { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public Dictionary<string, string> Errors { get; protected set; } = [];
    public ExchangeChoices Choices { get; private set; } = null!;
    public bool IsRequest { get; protected set; }
    public List<Partner> Organisations { get; private set; } = [];
    protected LearningNetworkDb Db => db;
    protected MarketplaceEditor Editor => editor;

    protected async Task LoadChoicesAsync(CancellationToken ct)
    {
        Organisations = await editor.OrganisationsAsync(User, ct);
        var targets = await db.PolicyTargets.AsNoTracking().OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct);
        var frameworks = await db.PolicyFrameworks.AsNoTracking().OrderBy(f => f.SortOrder).ToListAsync(ct);
        Choices = new ExchangeChoices(
            Organisations.Select(o => new FilterChoice(o.Id.ToString(CultureInfo.InvariantCulture), o.Name)).ToList(),
            LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct)),
            frameworks.Select(f => (f.Code, f.Title, (IReadOnlyList<FilterChoice>)targets.Where(t => t.FrameworkCode == f.Code)
                .Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, HttpContext.RequestServices.GetRequiredService<LearningNetwork.Features.Targets.TargetNames>().Label(t))).ToList())).ToList(),
            await db.EunisHabitats.AsNoTracking().Where(h => h.Code.Length <= 2).OrderBy(h => h.Code).Select(h => new FilterChoice(h.Code, h.Code + " " + h.NameEn)).Distinct().ToListAsync(ct),
            await PeopleAsync(ct));
    }

    /// <summary>The people of the person's organisations, named with their organisation: an offer names those involved.</summary>
    private async Task<List<FilterChoice>> PeopleAsync(CancellationToken ct)
    {
        var ids = Organisations.Select(o => o.Id).ToList();
        var names = Organisations.ToDictionary(o => o.Id, o => o.Name);
        return (await db.PersonProfiles.AsNoTracking().Where(p => p.PartnerId != null && ids.Contains(p.PartnerId.Value)).OrderBy(p => p.Name).Take(300).ToListAsync(ct))
            .Select(p => new FilterChoice(p.Id.ToString(CultureInfo.InvariantCulture), $"{p.Name} — {names[p.PartnerId!.Value]}")).ToList();
    }

    /// <summary>The form of a saved item, with its themes named in the reader's language.</summary>
    protected async Task FillAsync(int partnerId, string title, string description, ExchangeKind kind, string language, ExchangeFormat format,
        IEnumerable<(string Scheme, string Code)> tags, Matchmaker matchmaker, CancellationToken ct, string? keywords = null)
    {
        var list = tags.ToList();
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        var lang = LocalizationSetup.CurrentLanguage;
        Form = new ExchangeForm
        {
            Partner = partnerId.ToString(CultureInfo.InvariantCulture), Title = title, Description = description, Kind = Codes.Of(kind), Language = language,
            Format = Codes.Of(format),
            Themes = string.Join("; ", list.Where(t => t.Scheme == MarketTagSchemes.Theme).Select(t => thesaurus.Label("gemet:" + t.Code, lang))
                .Concat(LearningNetwork.Features.Themes.ThemeNames.Split(keywords))),
            Targets = list.Where(t => t.Scheme == MarketTagSchemes.Target).Select(t => t.Code).ToList(),
            Habitats = list.Where(t => t.Scheme == MarketTagSchemes.Habitat).Select(t => t.Code).ToList(),
            Languages = list.Where(t => t.Scheme == MarketTagSchemes.Language).Select(t => t.Code).ToList(),
        };
    }

    protected PageResult Invalid(int status = StatusCodes.Status400BadRequest)
    {
        Response.StatusCode = status;
        return Page();
    }
}
