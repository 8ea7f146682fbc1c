using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// Who is importing, and so which rows an import may create and change (docs/interchange.md, "Who may change what").
/// Every node of a file that names a row this site already holds, however it was found (its external id, or this
/// site's own @id for it mapped back to the slug), passes <see cref="MayChange"/>; every partner an item is attributed
/// to (author, contributor, offeredBy, seeks, agent) passes <see cref="MayAttributeTo"/>. Nothing in the file decides this.
/// </summary>
public abstract record ImportScope
{
    /// <summary>A network admin's import (the <c>import</c> verb, <c>POST /api/v1/import</c>): may create and update anything.</summary>
    public static ImportScope ByHand { get; } = new HandScope();

    /// <summary>A partner's API key: one practice of that partner's own, never a partner, transfer, offer or request.</summary>
    public static ImportScope OfPartner(int partnerId) => new PartnerScope(partnerId);

    /// <summary>A harvest of a registered network: only items of that origin, made by partners of that origin.</summary>
    public static ImportScope HarvestOf(RegisteredNetwork network) => new HarvestScope(network);

    /// <summary>The network harvested, or null.</summary>
    public virtual RegisteredNetwork? Origin => null;

    /// <summary>What a refused node becomes: for a harvest a skipped node (the network's other items still arrive), for a
    /// key a refusal of the whole request (403), never a silent change.</summary>
    public virtual bool SkipsRefused => false;

    /// <summary>May this import write a node of <paramref name="kind"/> (partners, practices, transfers, offers, requests, commitments, events, news)
    /// onto <paramref name="held"/>, the row it names; null when it names none and would create one.</summary>
    public abstract bool MayChange(string kind, HeldRow? held);

    /// <summary>May this import make <paramref name="partner"/> the author (or contributor, agent, offerer, asker) of the items it writes.</summary>
    public abstract bool MayAttributeTo(HeldRow partner);

    /// <summary>May this import create an item whose @id lies in this site's own id space (an id this site hands out) but names nothing here.</summary>
    public virtual bool MayCreateInOwnIdSpace => false;

    /// <summary>May this import write news without a publisher: news of this network itself, which only its coordinators write.</summary>
    public virtual bool MayWriteNetworkNews => false;

    private sealed record HandScope : ImportScope
    {
        public override bool MayChange(string kind, HeldRow? held) => true;
        public override bool MayAttributeTo(HeldRow partner) => true;
        public override bool MayCreateInOwnIdSpace => true;
        public override bool MayWriteNetworkNews => true;
    }

    private sealed record PartnerScope(int PartnerId) : ImportScope
    {
        public override bool MayChange(string kind, HeldRow? held) =>
            kind == "practices" && (held is null || (held.Partner == PartnerId && held.Origin is null));

        public override bool MayAttributeTo(HeldRow partner) => partner.Id == PartnerId && partner.Origin is null;
    }

    private sealed record HarvestScope(RegisteredNetwork Network) : ImportScope
    {
        public override RegisteredNetwork? Origin => Network;
        public override bool SkipsRefused => true;
        public override bool MayChange(string kind, HeldRow? held) => held is null || held.Origin == Network.Id;
        public override bool MayAttributeTo(HeldRow partner) => partner.Origin == Network.Id;
    }
}

/// <summary>A row this site holds that an @id names: its id, its origin network and the partner it belongs to (a partner's own id).</summary>
public sealed record HeldRow(int Id, int? Origin, int? Partner);

public sealed partial class InterchangeImporter
{
    /// <summary>
    /// The one way an @id finds a row held here: by the external id it came with, else, when the @id is one this site
    /// hands out for its own items (<see cref="InterchangeIds"/>), by the slug in it. Null when it names nothing here.
    /// </summary>
    internal async Task<HeldRow?> FindAsync(string kind, string id, CancellationToken ct)
    {
        if (kind == "commitments") return await FindCommitmentAsync(id, ct);
        if (kind == "news") return await FindNewsAsync(id, ct);
        var byExternal = kind switch
        {
            "partners" => await db.Partners.Where(p => p.ExternalId == id).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.Id)).FirstOrDefaultAsync(ct),
            "practices" => await db.Practices.Where(p => p.ExternalId == id).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.PartnerId)).FirstOrDefaultAsync(ct),
            "offers" => await db.Offers.Where(p => p.ExternalId == id).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.PartnerId)).FirstOrDefaultAsync(ct),
            "requests" => await db.Requests.Where(p => p.ExternalId == id).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.PartnerId)).FirstOrDefaultAsync(ct),
            "events" => await db.Events.Where(p => p.ExternalId == id).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.PartnerId)).FirstOrDefaultAsync(ct),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        if (byExternal is not null) return byExternal;
        if (await ids.LocalSlugAsync(kind, id, ct) is not { } slug) return null;
        return kind switch
        {
            "partners" => await db.Partners.Where(p => p.Slug == slug && p.ExternalId == null).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.Id)).FirstOrDefaultAsync(ct),
            "practices" => await db.Practices.Where(p => p.Slug == slug && p.ExternalId == null).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.PartnerId)).FirstOrDefaultAsync(ct),
            "offers" => await db.Offers.Where(p => p.Slug == slug && p.ExternalId == null).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.PartnerId)).FirstOrDefaultAsync(ct),
            "events" => await db.Events.Where(p => p.Slug == slug && p.ExternalId == null).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.PartnerId)).FirstOrDefaultAsync(ct),
            _ => await db.Requests.Where(p => p.Slug == slug && p.ExternalId == null).Select(p => new HeldRow(p.Id, p.OriginNetworkId, p.PartnerId)).FirstOrDefaultAsync(ct),
        };
    }

    /// <summary>
    /// Applies the import's <see cref="ImportScope"/> to every node before anything is written: a node that names a row
    /// the scope may not change, or would be attributed to a partner the scope may not write for, is refused (a harvest
    /// skips it and lists it in <see cref="ImportReport.Skipped"/>; a key's request fails with it in
    /// <see cref="ImportReport.Refused"/>). The lists keep only the nodes that may be written; the maps returned hold
    /// the rows they name.
    /// </summary>
    private async Task<Held> GuardAsync(ImportScope scope, List<PartnerNode> partners, List<PracticeNode> practices, List<TransferNode> transfers,
        List<ExchangeNode> exchanges, List<CommitmentNode> commitments, ImportReport report, CancellationToken ct)
    {
        var held = new Held();
        void Refuse(string node, string field, string why)
        {
            if (scope.SkipsRefused) report.Skipped.Add($"{node} ({why}: not changed)");
            else report.Refused.Add(new ImportProblem(node, field, why));
        }
        async Task<bool> MayWriteAsync(string kind, string id, Dictionary<string, int> map)
        {
            var row = await FindAsync(kind, id, ct);
            if (!scope.MayChange(kind, row))
            {
                Refuse(id, "@id", row is null ? $"this import may not create {kind}"
                    : row.Origin is null ? "names an item of this network that this import may not change" : "names an item of another origin that this import may not change");
                return false;
            }
            if (row is null && !scope.MayCreateInOwnIdSpace && await ids.LocalSlugAsync(kind, id, ct) is not null)
            {
                Refuse(id, "@id", "lies in this network's own id space but names none of its items");
                return false;
            }
            if (row is not null) map[id] = row.Id;
            return true;
        }

        var keptPartners = new List<PartnerNode>();
        foreach (var p in partners)
            if (await MayWriteAsync("partners", p.Id, held.Partners)) keptPartners.Add(p);
        partners.Clear();
        partners.AddRange(keptPartners);
        // The partners items may be attributed to: the file's partners this import writes (for a harvest: created as the
        // network's, or of it already), and the partners held here that the scope allows.
        var writable = partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var attributable = new Dictionary<string, bool>(StringComparer.Ordinal);
        async Task<bool> AttributableAsync(string id)
        {
            if (!attributable.TryGetValue(id, out var may))
                attributable[id] = may = writable.Contains(id) || (await FindAsync("partners", id, ct) is { } row && scope.MayAttributeTo(row));
            return may;
        }

        var keptPractices = new List<PracticeNode>();
        foreach (var n in practices)
        {
            if (!await AttributableAsync(n.Author)) { Refuse(n.Id, "author", $"{n.Author} is not a partner this import writes for"); continue; }
            if (!await MayWriteAsync("practices", n.Id, held.Practices)) continue;
            var contributors = new List<string>();
            foreach (var c in n.Contributors)
            {
                // A key may name any partner known here as a contributor (the practice stays its partner's); a harvest only its own network's.
                if (scope.Origin is null || await AttributableAsync(c)) contributors.Add(c);
                else report.Skipped.Add($"{n.Id} contributor {c} (not a partner of this network: left out)");
            }
            keptPractices.Add(n with { Contributors = contributors });
        }
        practices.Clear();
        practices.AddRange(keptPractices);
        var writtenPractices = practices.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

        var keptTransfers = new List<TransferNode>();
        foreach (var t in transfers)
        {
            if (!scope.MayChange("transfers", null)) { Refuse(t.Id, "@type", "this import may not write transfers"); continue; }
            if (!await AttributableAsync(t.Agent)) { Refuse(t.Id, "agent", $"{t.Agent} is not a partner this import writes for"); continue; }
            // The practice taken up may be anyone's, but must be written by this import or held here (a skipped node is neither).
            if (!writtenPractices.Contains(t.Source) && await FindAsync("practices", t.Source, ct) is null)
            {
                Refuse(t.Id, "object", $"{t.Source} is a practice this import does not write");
                continue;
            }
            // The practice that came of it is the adopter's: one this import writes, or one held here it may change.
            if (t.Adopted is { } adopted && !writtenPractices.Contains(adopted)
                && !(await FindAsync("practices", adopted, ct) is { } adoptedRow && scope.MayChange("practices", adoptedRow)))
            {
                Refuse(t.Id, "result", $"{adopted} is not a practice this import writes");
                continue;
            }
            keptTransfers.Add(t);
        }
        transfers.Clear();
        transfers.AddRange(keptTransfers);

        var keptExchanges = new List<ExchangeNode>();
        foreach (var x in exchanges)
        {
            if (x.Partner is { } partner && !await AttributableAsync(partner))
            {
                Refuse(x.Id, x.IsOffer ? "offeredBy" : "seeks", $"{partner} is not a partner this import writes for");
                continue;
            }
            if (await MayWriteAsync(x.IsOffer ? "offers" : "requests", x.Id, x.IsOffer ? held.Offers : held.Requests)) keptExchanges.Add(x);
        }
        exchanges.Clear();
        exchanges.AddRange(keptExchanges);

        var keptCommitments = new List<CommitmentNode>();
        foreach (var c in commitments)
        {
            if (!await AttributableAsync(c.Agent)) { Refuse(c.Id, "agent", $"{c.Agent} is not a partner this import writes for"); continue; }
            if (await MayWriteAsync("commitments", c.Id, held.Commitments)) keptCommitments.Add(c);
        }
        commitments.Clear();
        commitments.AddRange(keptCommitments);
        return held;
    }

    /// <summary>The rows held here that the file's nodes name and may change, by @id.</summary>
    private sealed class Held
    {
        public Dictionary<string, int> Partners { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Practices { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Offers { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Commitments { get; } = new(StringComparer.Ordinal);
    }
}
