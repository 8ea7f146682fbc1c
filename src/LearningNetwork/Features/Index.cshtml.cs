using LearningNetwork.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features;

/// <summary>The home page: what the network is, in figures, and its areas.</summary>
public sealed class HomeModel(LearningNetworkDb db) : PageModel
{
    public int Partners { get; private set; }
    public int Countries { get; private set; }
    public int Languages { get; private set; }
    public bool HasDemoContent { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Partners = await db.Partners.CountAsync(ct);
        Countries = await db.Partners.Select(p => p.CountryCode).Distinct().CountAsync(ct);
        Languages = await db.Set<Domain.PartnerLanguage>().Select(l => l.LanguageCode).Distinct().CountAsync(ct);
        HasDemoContent = await db.Partners.AnyAsync(p => p.IsDemo, ct);
    }
}
