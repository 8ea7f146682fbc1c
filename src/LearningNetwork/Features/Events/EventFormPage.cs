using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Events;

/// <summary>What the new-event and edit-event pages share: the form, its choices and messages, and the rule that a refused
/// form comes back with everything typed.</summary>
public abstract class EventFormPage(LearningNetworkDb db, EventEditor editor, LearningNetwork.Features.Targets.TargetNames targetNames, CountryNames countryNames,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public EventForm Form { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public Dictionary<string, string> Errors { get; } = [];
    public EventFormChoices Choices { get; private set; } = null!;
    public bool Creating { get; protected set; }
    protected LearningNetworkDb Db => db;
    protected EventEditor Editor => editor;
    protected IStringLocalizer<SharedResource> Text => text;

    protected async Task LoadChoicesAsync(List<Partner> organisations, CancellationToken ct)
    {
        var targets = await db.PolicyTargets.AsNoTracking().Where(t => t.FrameworkCode == "kmgbf").OrderBy(t => t.SortOrder).ToListAsync(ct);
        var languageCodes = await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct);
        var partners = await db.Partners.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var countries = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        Choices = new EventFormChoices(
            organisations.Select(o => new FilterChoice(o.Id.ToString(CultureInfo.InvariantCulture), o.Name)).ToList(),
            partners.Select(p => new FilterChoice(p.Id.ToString(CultureInfo.InvariantCulture), p.Name)).ToList(),
            Codes.All<EventKind>().Select(k => new FilterChoice(k, text[$"Event.Kind.{k}"])).ToList(),
            LanguageNames.Choices(languageCodes),
            EventTimes.FormZones.Select(z => new FilterChoice(z, z.Replace('_', ' '))).ToList(),
            countries.Select(c => new FilterChoice(c.Key, c.Value)).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList(),
            targets.Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, targetNames.Label(t))).ToList());
    }

    /// <summary>Validates; on failure fills <see cref="Errors"/> with messages in the reader's language and answers 400.</summary>
    protected async Task<EventValues?> ValidateAsync(Event? saved, IReadOnlyCollection<int> writable, CancellationToken ct)
    {
        var (values, errors) = await editor.ValidateAsync(Form, saved, writable, LocalizationSetup.CurrentLanguage, ct);
        foreach (var (field, message) in errors) Errors[field] = message;
        if (values is null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return values;
    }
}

public sealed record EventFormChoices(IReadOnlyList<FilterChoice> Organisations, IReadOnlyList<FilterChoice> Partners, IReadOnlyList<FilterChoice> Kinds,
    IReadOnlyList<FilterChoice> Languages, IReadOnlyList<FilterChoice> Zones, IReadOnlyList<FilterChoice> Countries, IReadOnlyList<FilterChoice> Targets);
