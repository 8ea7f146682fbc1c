using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// The <c>@id</c> of items in the interchange format. An imported item keeps the <c>@id</c> it came with, so that it
/// round-trips and de-duplicates; an item made here gets its public URL (with <c>Site:PublicUrl</c>) or a URN that
/// names this installation, so that two installations never hand out the same identifier.
/// </summary>
public sealed class InterchangeIds(LearningNetworkDb db, IOptions<SiteOptions> site)
{
    private string? _prefix;

    public async Task<string> PartnerAsync(Partner p, CancellationToken ct) => p.ExternalId ?? await LocalAsync("partners", p.Slug, ct);

    public async Task<string> PracticeAsync(Practice p, CancellationToken ct) => p.ExternalId ?? await LocalAsync("practices", p.Slug, ct);

    public async Task<string> TransferAsync(PracticeTransfer t, CancellationToken ct) => await LocalAsync("transfers", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);

    /// <summary>An offer: its public page /en/marketplace/offers/{slug}, or urn:ln:{instance}:offers:{slug}.</summary>
    public async Task<string> OfferAsync(Offer o, CancellationToken ct) => o.ExternalId ?? await LocalAsync("offers", o.Slug, ct);

    /// <summary>A request: its public page /en/marketplace/requests/{slug}, or urn:ln:{instance}:requests:{slug}.</summary>
    public async Task<string> RequestAsync(HelpRequest r, CancellationToken ct) => r.ExternalId ?? await LocalAsync("requests", r.Slug, ct);

    /// <summary>An event: its public page /en/events/{slug}, or urn:ln:{instance}:events:{slug}.</summary>
    public async Task<string> EventAsync(Event e, CancellationToken ct) => e.ExternalId ?? await LocalAsync("events", e.Slug, ct);

    /// <summary>
    /// What <see cref="Commitment.CreatedBy"/> holds for a commitment that came through an import or a harvest: this
    /// prefix and the <c>@id</c> it came with. Commitments have no external-id column (the model is not changed for this
    /// issue); the prefix cannot be a person's id (those are GUIDs) nor an API key's (<c>apikey:</c>).
    /// </summary>
    public const string ImportedPrefix = "jsonld:";

    /// <summary>The @id an imported commitment came with, else null (a commitment made here).</summary>
    public static string? ImportedId(Commitment c) => ImportedId(c.CreatedBy);

    /// <summary>The @id an imported news item came with, else null (news written here). News keeps it the way commitments do.</summary>
    public static string? ImportedId(NewsItem n) => ImportedId(n.CreatedBy);

    private static string? ImportedId(string? createdBy) =>
        createdBy is { } s && s.StartsWith(ImportedPrefix, StringComparison.Ordinal) ? s[ImportedPrefix.Length..] : null;

    /// <summary>A commitment: its public page /en/commitments/{id}, or urn:ln:{instance}:commitments:{id}; an imported one its own @id.</summary>
    public async Task<string> CommitmentAsync(Commitment c, CancellationToken ct) =>
        ImportedId(c) ?? await LocalAsync("commitments", c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);

    /// <summary>A news item: its public page /en/news/{slug}, or urn:ln:{instance}:news:{slug}; an imported one its own @id.</summary>
    public async Task<string> NewsAsync(NewsItem n, CancellationToken ct) => ImportedId(n) ?? await LocalAsync("news", n.Slug, ct);

    /// <summary>Where the pages of a kind of item live, after the language: offers and requests are in the marketplace.</summary>
    private static string PathOf(string kind) => kind is "offers" or "requests" ? $"marketplace/{kind}" : kind;

    private async Task<string> LocalAsync(string kind, string key, CancellationToken ct)
    {
        if (site.Value.Base is { } url) return $"{url}/en/{PathOf(kind)}/{key}";
        _prefix ??= $"urn:ln:{await InstanceIdAsync(ct)}";
        return $"{_prefix}:{kind}:{key}";
    }

    /// <summary>The slug (a commitment's number) of a partner, practice, offer, request, event, news item or commitment of this installation named by one of its own exported ids, else null.</summary>
    public async Task<string?> LocalSlugAsync(string kind, string id, CancellationToken ct)
    {
        var prefix = site.Value.Base is { } url ? $"{url}/en/{PathOf(kind)}/" : $"urn:ln:{await InstanceIdAsync(ct)}:{kind}:";
        return id.StartsWith(prefix, StringComparison.Ordinal) && id.Length > prefix.Length ? id[prefix.Length..] : null;
    }

    /// <summary>This installation's id, made once and shared by all nodes through the database.</summary>
    public async Task<string> InstanceIdAsync(CancellationToken ct)
    {
        const string key = "instance-id";
        var existing = await db.InstanceSettings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(ct);
        if (existing is not null) return existing;
        try
        {
            db.InstanceSettings.Add(new InstanceSetting { Key = key, Value = Guid.NewGuid().ToString("N") });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node made it first: theirs stands.
        }
        finally
        {
            foreach (var entry in db.ChangeTracker.Entries<InstanceSetting>().ToList()) entry.State = EntityState.Detached;
        }
        return await db.InstanceSettings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).FirstAsync(ct);
    }
}
