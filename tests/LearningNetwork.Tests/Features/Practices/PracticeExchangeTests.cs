using System.Net;
using System.Net.Http.Headers;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Practices;

/// <summary>Translations, transfers, attachments and freshness reminders of a practice.</summary>
public sealed class PracticeExchangeTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static async Task<(TestApp App, HttpClient Owner, int PartnerId, string Slug, string Email)> PublishedAsync(string provider)
    {
        var app = new TestApp(provider, Mailbox.Settings());
        var (owner, partnerId, email) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        await owner.SubmitAsync("/en/practices/new", PracticeTestData.Form(partnerId, "Brook valley hedgerows"));
        var slug = await PracticeTestData.SlugAsync(app, "Brook valley hedgerows");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        await db.Practices.Where(p => p.Slug == slug).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stage, PracticeStage.Published).SetProperty(p => p.PublishedAt, DateTime.UtcNow));
        return (app, owner, partnerId, slug, email);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_translation_is_marked_human_or_machine_and_shown_to_readers_of_that_language(string provider)
    {
        var (app, owner, _, slug, _) = await PublishedAsync(provider);
        using var _app = app;
        var form = await owner.GetStringAsync($"/en/practices/{slug}/translate?to=de");
        var saved = await owner.SubmitAsync($"/en/practices/{slug}/translate?to=de", new Dictionary<string, string>
        {
            ["Version"] = PracticeTestData.Version(form), ["Form.Origin"] = "machine", ["Form.Title"] = "Hecken im Bachtal",
            ["Form.Summary"] = "Landwirte pflanzten 14 km Hecken.", ["Form.Fields[Difficulties]"] = "Ein trockenes Frühjahr.",
            ["Form.Blocks[0].Title"] = "Verträge mit Landwirten",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var de = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/de/practices/{slug}"));
        Assert.Contains("<h1>Hecken im Bachtal</h1>", de, StringComparison.Ordinal);
        Assert.Contains("Verträge mit Landwirten", de, StringComparison.Ordinal);
        Assert.Contains("maschinelle Übersetzung", de, StringComparison.Ordinal);
        Assert.Contains("Planting in three winters", de, StringComparison.Ordinal); // untranslated fields fall back to the original
        var en = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/practices/{slug}"));
        Assert.Contains("<h1>Brook valley hedgerows</h1>", en, StringComparison.Ordinal);
        // Titles in the API: the original unless a reviewed translation exists.
        Assert.Contains("\"title\":\"Brook valley hedgerows\"", await app.Client().GetStringAsync("/api/v1/practices?lang=de&q=brook"), StringComparison.Ordinal);

        var missingTitle = await owner.SubmitAsync($"/en/practices/{slug}/translate?to=fr", new Dictionary<string, string>
        {
            ["Version"] = PracticeTestData.Version(await owner.GetStringAsync($"/en/practices/{slug}/translate?to=fr")), ["Form.Origin"] = "human", ["Form.Summary"] = "x",
        });
        Assert.Equal(HttpStatusCode.BadRequest, missingTitle.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync($"/en/practices/{slug}/translate")).StatusCode); // to sign in
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_transfer_links_both_practices_and_is_counted_in_the_list(string provider)
    {
        var (app, owner, _, slug, _) = await PublishedAsync(provider);
        using var _app = app;
        var (adopter, adopterId, _) = await PracticeTestData.MemberOfAsync(app, "hamburg");
        await adopter.SubmitAsync("/en/practices/new", PracticeTestData.Form(adopterId, "Hedgerows in the Vier- und Marschlande"));
        var adoptedSlug = await PracticeTestData.SlugAsync(app, "Hedgerows in the Vier- und Marschlande");
        int blockId, adoptedId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            blockId = await db.BuildingBlocks.Where(b => db.Practices.Any(p => p.Id == b.PracticeId && p.Slug == slug)).Select(b => b.Id).SingleAsync();
            adoptedId = await db.Practices.Where(p => p.Slug == adoptedSlug).Select(p => p.Id).SingleAsync();
            await db.Practices.Where(p => p.Id == adoptedId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stage, PracticeStage.Published));
        }
        // The owners cannot record a transfer of their own practice.
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync($"/en/practices/{slug}/transfer")).StatusCode);
        var bad = await adopter.SubmitAsync($"/en/practices/{slug}/transfer", new Dictionary<string, string> { ["Scope"] = "blocks", ["TransferredOn"] = "yesterday" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var recorded = await adopter.SubmitAsync($"/en/practices/{slug}/transfer", new Dictionary<string, string>
        {
            ["Partner"] = adopterId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Scope"] = "blocks",
            ["Blocks"] = blockId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["TransferredOn"] = "2025-04-01",
            ["WhatChanged"] = "Marsh ditches instead of a brook.", ["Result"] = "6 km planted.", ["Adopted"] = adoptedId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var source = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/practices/{slug}"));
        Assert.Contains("Marsh ditches instead of a brook.", source, StringComparison.Ordinal);
        Assert.Contains("Contracts with farmers", source, StringComparison.Ordinal);
        Assert.Contains($"/en/practices/{adoptedSlug}", source, StringComparison.Ordinal);
        var adopted = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/practices/{adoptedSlug}"));
        Assert.Contains("Adapted from", adopted, StringComparison.Ordinal);
        Assert.Contains($"/en/practices/{slug}", adopted, StringComparison.Ordinal);
        Assert.Contains("\"transfers\":1", await app.Client().GetStringAsync("/api/v1/practices?q=brook+valley"), StringComparison.Ordinal);
        Assert.Contains("Transferred once", /* a counted text: "once", "2 times" */ WebUtility.HtmlDecode(await app.Client().GetStringAsync("/en/practices?q=brook+valley")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Photos_and_documents_are_checked_by_content_and_served_only_where_the_practice_is_visible(string provider)
    {
        var app = new TestApp(provider, Mailbox.Settings());
        using var _app = app;
        var (owner, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        await owner.SubmitAsync("/en/practices/new", PracticeTestData.Form(partnerId, "Photographed hedgerows"));
        var slug = await PracticeTestData.SlugAsync(app, "Photographed hedgerows");

        async Task<HttpResponseMessage> Upload(byte[] bytes, string name, string declared)
        {
            var page = await owner.GetStringAsync($"/en/practices/{slug}/attachments");
            var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            using var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(declared);
            content.Add(file, "Upload", name);
            content.Add(new StringContent("Hedge in spring"), "Caption");
            content.Add(new StringContent("<b>Anna</b>"), "Credit");
            content.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
            return await owner.PostAsync($"/en/practices/{slug}/attachments", content);
        }

        var disguised = await Upload("<script>alert(1)</script>"u8.ToArray(), "<img src=x onerror=alert(1)>.jpg", "image/jpeg");
        Assert.Equal(HttpStatusCode.BadRequest, disguised.StatusCode);
        var refusal = await disguised.Content.ReadAsStringAsync();
        Assert.Contains("is not a photo", WebUtility.HtmlDecode(refusal), StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", refusal, StringComparison.Ordinal);

        var big = await Upload(new byte[PracticeFiles.MaxBytes + 10], "huge.pdf", "application/pdf");
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Contains("larger than 10 MB", WebUtility.HtmlDecode(await big.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await Upload(PracticeSafetyTests.Png(800, 600), "<script>x</script>.png", "image/png")).StatusCode);
        string photoId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var a = await db.PracticeAttachments.SingleAsync();
            Assert.Equal("script.jpg", a.FileName);
            Assert.Equal("<b>Anna</b>", a.Credit);
            photoId = a.Id.ToString();
        }
        var page = await owner.GetStringAsync($"/en/practices/{slug}");
        Assert.DoesNotContain("<b>Anna</b>", page, StringComparison.Ordinal); // shown escaped
        var thumb = await owner.GetAsync($"/files/practices/{photoId}/thumb");
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType?.MediaType);
        // A draft's files are not public.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/files/practices/{photoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/files/practices/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Owners_are_reminded_by_email_once_when_a_review_is_due_and_overdue_practices_are_flagged(string provider)
    {
        var (app, owner, _, slug, email) = await PublishedAsync(provider);
        using var _app = app;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            await db.Practices.Where(p => p.Slug == slug).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReviewBy, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3)));
        }
        var reminders = app.Services.GetRequiredService<PracticeReminders>();
        Assert.True(await reminders.SendDueAsync(CancellationToken.None) >= 1);
        var message = await Mailbox.LatestToAsync(app, email);
        Assert.Contains("Review overdue", message.Subject, StringComparison.Ordinal);
        Assert.Contains($"/en/practices/{slug}", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(0, await reminders.SendDueAsync(CancellationToken.None)); // not twice
        Assert.Contains("Review overdue", WebUtility.HtmlDecode(await app.Client().GetStringAsync("/en/practices?overdue=true&q=brook")), StringComparison.Ordinal);

        var page = await owner.GetStringAsync($"/en/practices/{slug}");
        var reviewed = await owner.SubmitAsync($"/en/practices/{slug}", new Dictionary<string, string> { ["Version"] = PracticeTestData.Version(page) },
            $"/en/practices/{slug}/move?step=mark-reviewed");
        Assert.Equal(HttpStatusCode.Redirect, reviewed.StatusCode);
        Assert.DoesNotContain("Review overdue", WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/practices/{slug}")), StringComparison.Ordinal);
    }
}
