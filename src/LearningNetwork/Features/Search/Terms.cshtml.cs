using LearningNetwork.Infrastructure.Localization;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Search;

/// <summary>
/// /{lang}/search/terms: moderators add terms to the search vocabulary — a word in one language for a concept named by
/// any of its existing labels, or a new concept — so that searches in that language find what is written in others.
/// Saving writes a search-log entry that makes every node reload the vocabulary and rebuild its index.
/// </summary>
[Authorize(Roles = $"{Roles.Moderator},{Roles.NetworkAdmin}")]
public sealed class TermsModel(LearningNetworkDb db, ISearchIndex index, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Term { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? SameAs { get; set; }

    public IReadOnlyList<VocabularyTerm> Terms { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];
    public string? Added { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var term = Term?.Trim() ?? "";
        if (term.Length == 0) Errors["Term"] = "Validation.Required";
        else if (term.Length > 200) Errors["Term"] = "Validation.TooLong200";
        if (Language is null || !SearchAnalyzers.Languages.Contains(Language) || Languages.All(l => l.Value != Language)) Errors["Language"] = "Validation.UnknownChoice";
        var sameAs = SameAs?.Trim() ?? "";
        string? concept = null;
        if (sameAs.Length > 200) Errors["SameAs"] = "Validation.TooLong200";
        else if (sameAs.Length > 0)
        {
            concept = index.Ready ? index.Thesaurus.ConceptOf(sameAs) : null;
            if (concept is null) Errors["SameAs"] = "Terms.UnknownConcept";
        }
        if (Errors.Count == 0 && await db.VocabularyTerms.AnyAsync(t => t.Language == Language && t.Term.ToLower() == term.ToLower(), ct)) Errors["Term"] = "Terms.Duplicate";
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        concept ??= "ln:custom-" + Slugs.From(term, 60);
        var now = clock.GetUtcNow().UtcDateTime;
        db.VocabularyTerms.Add(new VocabularyTerm { Concept = concept, Language = Language!, Term = term, CreatedAt = now, CreatedBy = User.FindFirstValue(ClaimTypes.NameIdentifier) });
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = User.FindFirstValue(ClaimTypes.NameIdentifier), Action = "vocabulary.added", Subject = concept, Details = $"{Language}: {term}" });
        await db.SaveChangesAsync(ct);
        Added = term;
        Term = SameAs = null;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Terms = await db.VocabularyTerms.AsNoTracking().OrderByDescending(t => t.CreatedAt).Take(200).ToListAsync(ct);
        Languages = LanguageNames.Choices((await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct)).Where(SearchAnalyzers.Languages.Contains));
    }
}
