using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.News;

/// <summary>What the new-news and edit-news pages share: the form, its choices and messages; a refused form comes back with
/// everything typed.</summary>
public abstract class NewsFormPage(LearningNetworkDb db, NewsEditor editor, ThemeNames themes) : PageModel
{
    [BindProperty] public NewsForm Form { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public Dictionary<string, string> Errors { get; protected set; } = [];
    public IReadOnlyList<FilterChoice> Partners { get; private set; } = [];
    public bool NetworkChoice { get; private set; }
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public abstract bool Creating { get; }
    public bool IsConflict { get; protected set; }
    protected LearningNetworkDb Db => db;
    protected NewsEditor Editor => editor;

    /// <summary>Loads the choices; false when the person may publish nothing.</summary>
    protected async Task<bool> LoadChoicesAsync(CancellationToken ct)
    {
        var (partners, network) = await editor.WritableAsync(User, ct);
        Partners = partners.Select(p => new FilterChoice(p.Id.ToString(CultureInfo.InvariantCulture), p.Name)).ToList();
        NetworkChoice = network;
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        return network || partners.Count > 0;
    }

    protected Task<string> ThemeTextAsync(IEnumerable<int> ids, CancellationToken ct, string? keywords = null) =>
        themes.TextAsync(ids, keywords, LocalizationSetup.CurrentLanguage, ct);
}
