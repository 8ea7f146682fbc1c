using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Shell;

/// <summary>
/// The output cache of anonymous pages (Infrastructure/Web/PageCache): a hit for anonymous readers, never for a signed-in
/// person; a write evicts the pages it changes at once; an answer that sets a cookie is never stored; 304 with the ETag.
/// A hit is recognised by its ETag: each rendering gets a new one, so an equal ETag is the stored answer.
/// </summary>
public sealed class PageCacheTests
{
    /// <summary>Nothing is stored while the node's search index is still opening (a search would keep "no results"): the
    /// tests wait for it.</summary>
    private static async Task IndexOpenAsync(TestApp app)
    {
        var index = app.Services.GetRequiredService<LearningNetwork.Features.Search.SearchIndex>();
        for (var i = 0; i < 1200 && !index.Ready; i++) await Task.Delay(100);
        Assert.True(index.Ready, "the search index opened within 120 s");
    }

    private static async Task<(string Slug, int Id, string PartnerSlug)> PublishedPracticeAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var practice = await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published).OrderBy(p => p.Id)
            .Select(p => new { p.Slug, p.Id, Partner = p.Partner!.Slug }).FirstAsync();
        return (practice.Slug, practice.Id, practice.Partner);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? ifNoneMatch = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        if (cookie is not null) request.Headers.TryAddWithoutValidation("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static string ETagOf(HttpResponseMessage response) => response.Headers.ETag?.Tag ?? "";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_anonymous_page_is_served_from_the_cache_and_revalidates_with_304(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        await IndexOpenAsync(app);
        var (slug, _, _) = await PublishedPracticeAsync(app);
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var first = await GetAsync(client, $"/en/practices/{slug}");
        var second = await GetAsync(client, $"/en/practices/{slug}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual("", ETagOf(first));
        Assert.Equal(ETagOf(first), ETagOf(second));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Contains("default-src 'self'", second.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", second.Headers.GetValues("X-Content-Type-Options").Single());

        var revalidated = await GetAsync(client, $"/en/practices/{slug}", ifNoneMatch: ETagOf(first));
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        Assert.Contains("default-src 'self'", revalidated.Headers.GetValues("Content-Security-Policy").Single());

        // Another language, another query: other entries.
        Assert.NotEqual(ETagOf(first), ETagOf(await GetAsync(client, $"/de/practices/{slug}")));
        Assert.NotEqual(ETagOf(first), ETagOf(await GetAsync(client, $"/en/practices/{slug}?original=1")));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_signed_in_person_is_never_served_from_the_cache_nor_stored_in_it(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        await IndexOpenAsync(app);
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var cached = await GetAsync(anonymous, "/en/partners");
        Assert.Equal(ETagOf(cached), ETagOf(await GetAsync(anonymous, "/en/partners")));

        var (person, email) = await TestPeople.RegisteredAsync(app);
        var mine = await person.GetAsync("/en/partners");
        var page = await mine.Content.ReadAsStringAsync();
        Assert.Contains(email, page, StringComparison.Ordinal); // "signed in as": rendered for them, not the stored page
        Assert.NotEqual(ETagOf(cached), mine.Headers.ETag?.Tag);
        Assert.Null(mine.Headers.ETag); // not a cacheable request at all
        Assert.Contains(email, await (await person.GetAsync("/en/partners")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // What they were shown is not what the next anonymous reader gets.
        var after = await GetAsync(anonymous, "/en/partners");
        Assert.DoesNotContain(email, await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ETagOf(cached), ETagOf(after));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_answer_that_sets_a_cookie_or_draws_a_token_is_not_stored(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        await IndexOpenAsync(app);
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var first = await GetAsync(client, "/en/account/sign-in");
        var second = await GetAsync(client, "/en/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(first.Headers.Contains("Set-Cookie"));
        Assert.True(second.Headers.Contains("Set-Cookie")); // rendered again, with a token of its own
        Assert.NotEqual(ETagOf(first), ETagOf(second));
        // An antiforgery cookie sent along does not make the page share a token either (no-store).
        var cookie = first.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var withCookie = await GetAsync(client, "/en/account/sign-in", cookie: cookie);
        var again = await GetAsync(client, "/en/account/sign-in", cookie: cookie);
        Assert.NotEqual(ETagOf(withCookie), ETagOf(again));
        Assert.Contains("no-store", again.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_practice_edit_evicts_its_page_its_partner_and_the_lists_but_not_another_practice(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        await IndexOpenAsync(app);
        var (slug, id, partnerSlug) = await PublishedPracticeAsync(app);
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        string other;
        using (var scope = app.Services.CreateScope())
            other = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Practices
                .Where(p => p.Stage == PracticeStage.Published && p.Id != id).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        var paths = new[] { $"/en/practices/{slug}", "/en/practices", $"/en/partners/{partnerSlug}", "/api/v1/practices?pageSize=100" };
        var before = new Dictionary<string, string>();
        foreach (var path in paths.Append($"/en/practices/{other}"))
        {
            before[path] = ETagOf(await GetAsync(client, path));
            Assert.Equal(before[path], ETagOf(await GetAsync(client, path)));
        }

        var title = $"Renamed otter meadow {Guid.NewGuid():N}";
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            // The title of every text the practice has, so whichever the English page shows carries it; the way the editor saves.
            foreach (var text in await db.Set<PracticeText>().Where(t => t.PracticeId == id).ToListAsync()) text.Title = title;
            await db.SaveChangesAsync();
        }

        foreach (var path in paths)
        {
            var response = await GetAsync(client, path);
            Assert.NotEqual(before[path], ETagOf(response));
            // The list pages show a page of the practices in some order; the item and its partner always name it.
            if (!path.Contains("practices?", StringComparison.Ordinal) && path != "/en/practices")
                Assert.Contains(title, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(before[$"/en/practices/{other}"], ETagOf(await GetAsync(client, $"/en/practices/{other}")));
    }

    /// <summary>
    /// A reader the output cache does not serve (a cookie it does not know, like a signed-in member's) gets a page rendered
    /// for them, from rows the node keeps between requests (Infrastructure/Web/PageData): every write the page shows must
    /// reach it at once: the practice's own text, its partner's name (another entity), a change of other content.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_page_rendered_for_a_reader_the_cache_does_not_serve_shows_every_write_at_once(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        await IndexOpenAsync(app);
        var (slug, id, _) = await PublishedPracticeAsync(app);
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        const string cookie = "reader=1";
        async Task<string> PageAsync()
        {
            var response = await GetAsync(client, $"/en/practices/{slug}", cookie: cookie);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        var first = await PageAsync();

        var title = $"Kept otter meadow {Guid.NewGuid():N}";
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            foreach (var text in await db.Set<PracticeText>().Where(t => t.PracticeId == id).ToListAsync()) text.Title = title;
            await db.SaveChangesAsync();
        }
        Assert.DoesNotContain(title, first, StringComparison.Ordinal);
        Assert.Contains(title, await PageAsync(), StringComparison.Ordinal);

        var partnerName = $"Renamed water board {Guid.NewGuid():N}";
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var partnerId = await db.Practices.Where(p => p.Id == id).Select(p => p.PartnerId).SingleAsync();
            var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
            partner.Name = partnerName;
            await db.SaveChangesAsync();
        }
        Assert.Contains(partnerName, await PageAsync(), StringComparison.Ordinal);

        // A region's name is reference data no tag names: its change evicts everything.
        string? region;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var code = await db.Practices.Where(p => p.Id == id).Select(p => p.NutsCode).SingleAsync();
            region = code is null ? null : $"Otter county {Guid.NewGuid():N}";
            if (code is not null)
            {
                var row = await db.NutsRegions.SingleAsync(r => r.Code == code);
                row.NameLatin = region!;
                await db.SaveChangesAsync();
            }
        }
        if (region is not null) Assert.Contains(region, await PageAsync(), StringComparison.Ordinal);
    }

    /// <summary>Rows read while a write evicted their tags are used for that one page and not kept: they may predate the write.</summary>
    [Fact]
    public async Task Page_data_read_across_an_eviction_is_not_kept()
    {
        using var data = new LearningNetwork.Infrastructure.Web.PageData(Microsoft.Extensions.Options.Options.Create(
            new LearningNetwork.Infrastructure.Web.PageCacheOptions()));
        string[] tags = ["item:practice:1", "items:practice"];
        var loads = 0;
        Task<(string?, string[])> Load(string value)
        {
            loads++;
            return Task.FromResult<(string?, string[])>((value, tags));
        }

        Assert.Equal("a", await data.GetAsync("k", () => Load("a")));
        Assert.Equal("a", await data.GetAsync("k", () => Load("b")));
        Assert.Equal(1, loads);

        data.Evict(["item:practice:1"]);
        // A load during which its tag is evicted again: its value serves this caller only.
        Assert.Equal("c", await data.GetAsync("k", () =>
        {
            data.Evict(["items:practice"]);
            return Load("c");
        }));
        Assert.Equal("d", await data.GetAsync("k", () => Load("d")));
        Assert.Equal("d", await data.GetAsync("k", () => Load("e")));
        Assert.Equal(3, loads);

        data.Evict([LearningNetwork.Infrastructure.Web.PageCacheTags.All]);
        Assert.Equal("f", await data.GetAsync("k", () => Load("f")));
        data.Evict(["item:practice:2"]);
        Assert.Equal("f", await data.GetAsync("k", () => Load("g")));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Anonymous_pages_are_compressed_and_cached_apart_from_the_plain_ones(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        await IndexOpenAsync(app);
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var plain = await GetAsync(client, "/en/practices");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/en/practices");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
        var compressed = await client.SendAsync(request);
        Assert.Equal(["br"], compressed.Content.Headers.ContentEncoding);
        Assert.Empty((await GetAsync(client, "/en/practices")).Content.Headers.ContentEncoding);
        Assert.Equal(ETagOf(plain), ETagOf(await GetAsync(client, "/en/practices")));
        Assert.NotEqual(ETagOf(plain), ETagOf(compressed));
    }
}
