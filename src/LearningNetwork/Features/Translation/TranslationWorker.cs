using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Translation;

/// <summary>
/// Works through the translation queue on every node: every <c>MachineTranslation:Interval</c> it claims the oldest queued
/// <see cref="TranslationJob"/> with a conditional update (queued, or running with a lease that ran out because its node
/// died), so two nodes never take the same row; translates each field that has no translation of its current text yet;
/// stores each as a draft <see cref="ContentTranslation"/> as soon as it is made (a restart loses at most one field's work);
/// and marks the job done. An engine failure puts the job back in the queue until <c>MaxAttempts</c>, then marks it
/// failed; the page offers to ask again.
/// </summary>
public sealed class TranslationWorker(IServiceScopeFactory scopes, IMachineTranslator engine, IOptions<MachineTranslationOptions> options, TimeProvider clock,
    ILogger<TranslationWorker> log) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero) return;
        try
        {
            using var timer = new PeriodicTimer(options.Value.Interval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (await ProcessNextAsync(stoppingToken)) { }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Machine translation queue: a pass failed; trying again at the next tick");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Claims and processes one job; false when none was waiting.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.TranslationJobs.AsNoTracking()
            .Where(j => j.Status == TranslationJobStatus.Queued || (j.Status == TranslationJobStatus.Running && j.LeaseUntil < now))
            .OrderBy(j => j.Id).Select(j => j.Id).Take(5).ToListAsync(ct);
        foreach (var id in candidates)
        {
            var until = now + Lease;
            var claimed = await db.TranslationJobs
                .Where(j => j.Id == id && (j.Status == TranslationJobStatus.Queued || (j.Status == TranslationJobStatus.Running && j.LeaseUntil < now)))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, TranslationJobStatus.Running).SetProperty(j => j.LeaseUntil, until)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
            if (claimed == 0) continue; // another node was quicker
            await RunAsync(scope.ServiceProvider, db, id, ct);
            return true;
        }
        return false;
    }

    private async Task RunAsync(IServiceProvider services, LearningNetworkDb db, long id, CancellationToken ct)
    {
        var job = await db.TranslationJobs.FirstAsync(j => j.Id == id, ct);
        var translations = services.GetRequiredService<MachineTranslations>();
        string? error = null;
        try
        {
            var item = await translations.FindAsync(job.ContentKind, job.ContentId, null, ct);
            if (item is not null)
            {
                foreach (var field in item.Fields.Where(f => f.Language != job.TargetLanguage))
                {
                    var exists = await db.ContentTranslations.AnyAsync(t => t.ContentKind == item.Kind && t.ContentId == item.Id && t.Field == field.Name
                        && t.SourceLanguage == field.Language && t.TargetLanguage == job.TargetLanguage && t.SourceHash == field.Hash, ct);
                    if (exists || await engine.RouteAsync(field.Language, job.TargetLanguage, ct) is null) continue;
                    var text = await engine.TranslateAsync(field.Text, field.Language, job.TargetLanguage, ct);
                    db.ContentTranslations.Add(new ContentTranslation
                    {
                        ContentKind = item.Kind, ContentId = item.Id, Field = field.Name, SourceLanguage = field.Language, TargetLanguage = job.TargetLanguage,
                        SourceHash = field.Hash, Text = text, Engine = engine.Name, TranslatedAt = clock.GetUtcNow().UtcDateTime,
                    });
                    job.LeaseUntil = clock.GetUtcNow().UtcDateTime + Lease;
                    try
                    {
                        await db.SaveChangesAsync(ct);
                    }
                    catch (DbUpdateException)
                    {
                        // The same translation was stored meanwhile (a person's review, or a node whose lease we took over): keep that one.
                        db.ChangeTracker.Clear();
                        job = await db.TranslationJobs.FirstAsync(j => j.Id == id, ct);
                    }
                }
            }
        }
        catch (MachineTranslationException e)
        {
            error = e.Message;
            log.LogWarning("Machine translation of {Kind}/{Id} into {Language} failed (attempt {Attempt}): {Reason}", job.ContentKind, job.ContentId, job.TargetLanguage, job.Attempts, e.Message);
        }
        db.ChangeTracker.Clear();
        job = await db.TranslationJobs.FirstAsync(j => j.Id == id, ct);
        job.LeaseUntil = null;
        job.Engine = engine.Name;
        if (error is null)
        {
            job.Status = TranslationJobStatus.Done;
            job.Error = null;
            job.FinishedAt = clock.GetUtcNow().UtcDateTime;
        }
        else
        {
            job.Error = error.Length > 1000 ? error[..1000] : error;
            job.Status = job.Attempts >= options.Value.MaxAttempts ? TranslationJobStatus.Failed : TranslationJobStatus.Queued;
            if (job.Status == TranslationJobStatus.Failed) job.FinishedAt = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(ct);
    }
}
