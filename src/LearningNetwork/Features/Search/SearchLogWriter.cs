using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Search;

/// <summary>Which searchable items a save changes: partners, practices, offers, requests, events, helpdesk questions, news, commitments and programmes, whose rows change with every edit (Version).</summary>
internal static class SearchLogWriter
{
    /// <summary>The log entry that tells every node to reload the vocabulary and rebuild its index.</summary>
    public const string Vocabulary = "vocabulary";

    /// <summary>The changed items, each with a way to read its id once the save has given it one.</summary>
    public static List<(string Type, Func<int> Id)> Changed(LearningNetworkDb db)
    {
        var list = new List<(string, Func<int>)>();
        foreach (var e in db.ChangeTracker.Entries<Practice>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = e.Entity;
            list.Add(("practice", () => entity.Id));
        }
        foreach (var e in db.ChangeTracker.Entries<Partner>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = e.Entity;
            list.Add(("partner", () => entity.Id));
        }
        foreach (var e in db.ChangeTracker.Entries<Offer>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = e.Entity;
            list.Add(("offer", () => entity.Id));
        }
        foreach (var e in db.ChangeTracker.Entries<HelpRequest>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = e.Entity;
            list.Add(("request", () => entity.Id));
        }
        foreach (var e in db.ChangeTracker.Entries<Event>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = e.Entity;
            list.Add(("event", () => entity.Id));
        }
        // A helpdesk question is searchable once answered; its accepted answer is part of its document.
        foreach (var e in db.ChangeTracker.Entries<HelpdeskQuestion>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = e.Entity;
            list.Add(("question", () => entity.Id));
        }
        foreach (var e in db.ChangeTracker.Entries<HelpdeskAnswer>().Where(e => e.State != EntityState.Unchanged))
        {
            var entity = e.Entity;
            list.Add(("question", () => entity.QuestionId));
        }
        foreach (var e in db.ChangeTracker.Entries<NewsItem>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = e.Entity;
            list.Add(("news", () => entity.Id));
        }
        foreach (var e in db.ChangeTracker.Entries<NewsText>().Where(e => e.State != EntityState.Unchanged))
        {
            var entity = e.Entity;
            list.Add(("news", () => entity.NewsItemId));
        }
        foreach (var e in db.ChangeTracker.Entries<Commitment>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = e.Entity;
            list.Add(("commitment", () => entity.Id));
        }
        // A programme's page changes with its stage, report and recommendations; its parts saved alone change it too.
        foreach (var e in db.ChangeTracker.Entries<Programme>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            var entity = e.Entity;
            list.Add(("programme", () => entity.Id));
        }
        foreach (var e in db.ChangeTracker.Entries<ProgrammeRecommendation>().Where(e => e.State != EntityState.Unchanged))
        {
            var entity = e.Entity;
            list.Add(("programme", () => entity.ProgrammeId));
        }
        foreach (var e in db.ChangeTracker.Entries<ProgrammeTag>().Where(e => e.State != EntityState.Unchanged))
        {
            var entity = e.Entity;
            list.Add(("programme", () => entity.ProgrammeId));
        }
        if (db.ChangeTracker.Entries<VocabularyTerm>().Any(e => e.State != EntityState.Unchanged)) list.Add((Vocabulary, () => 0));
        // A transfer changes the counts shown with its practice; a text or tag saved alone changes the practice.
        foreach (var e in db.ChangeTracker.Entries<PracticeText>().Where(e => e.State != EntityState.Unchanged))
        {
            var entity = e.Entity;
            list.Add(("practice", () => entity.PracticeId));
        }
        return list;
    }
}
