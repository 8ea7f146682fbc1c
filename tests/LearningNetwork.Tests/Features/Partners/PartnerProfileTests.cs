using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Partners;

/// <summary>A partner's page is its whole profile: practices, offers, requests (closed ones with their outcome) and commitments with progress.</summary>
public sealed class PartnerProfileTests
{
    [Fact]
    public async Task A_partner_page_lists_its_offers_requests_with_outcomes_and_commitments_with_progress()
    {
        var app = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        // A partner with a closed request, an open offer and a commitment.
        var slug = await db.Partners.Where(p => db.Requests.Any(r => r.PartnerId == p.Id && r.State == RequestState.Closed && r.Outcome != null)
                && db.Offers.Any(o => o.PartnerId == p.Id && o.State == OfferState.Active) && db.Commitments.Any(c => c.PartnerId == p.Id))
            .OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        var offers = await db.Offers.Where(o => o.Partner!.Slug == slug && o.State != OfferState.Closed).Select(o => o.Slug).ToListAsync();
        var requests = await db.Requests.Where(r => r.Partner!.Slug == slug).Select(r => r.Slug).ToListAsync();
        var commitments = await db.Commitments.Where(c => c.Partner!.Slug == slug).Select(c => c.Id).ToListAsync();

        var html = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/partners/{slug}"));
        foreach (var o in offers) Assert.Contains($"href=\"/en/marketplace/offers/{o}\"", html, StringComparison.Ordinal);
        foreach (var r in requests) Assert.Contains($"href=\"/en/marketplace/requests/{r}\"", html, StringComparison.Ordinal);
        foreach (var c in commitments) Assert.Contains($"href=\"/en/commitments/{c}\"", html, StringComparison.Ordinal);
        Assert.Contains("outcome: ", html, StringComparison.Ordinal);
        Assert.Contains("average progress", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_without_marketplace_items_or_commitments_says_so()
    {
        var app = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var slug = await db.Partners.Where(p => !db.Offers.Any(o => o.PartnerId == p.Id) && !db.Requests.Any(r => r.PartnerId == p.Id)
            && !db.Commitments.Any(c => c.PartnerId == p.Id)).OrderBy(p => p.Id).Select(p => p.Slug).FirstOrDefaultAsync();
        if (slug is null) return; // every demo partner is active: the other test covers the lists
        var html = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/de/partners/{slug}"));
        Assert.Contains("Dieser Partner hat noch keine Verpflichtung eingetragen.", html, StringComparison.Ordinal);
    }
}
