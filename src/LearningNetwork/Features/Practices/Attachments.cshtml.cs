using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// /{lang}/practices/{slug}/attachments: the owning organisation adds photos (with caption, credit and licence) and
/// documents, and removes them. Uploads are checked by <see cref="PracticeFiles.Inspect"/>; a refused file is named
/// with the reason and nothing is saved. Requests are capped a little above the file limit, so that an oversized
/// file still reaches the page and gets its message; the form buffers a file on disk, and only
/// <see cref="PracticeFiles.ConcurrentInspections"/> uploads per node are read into memory at once.
/// </summary>
[Authorize]
[RequestSizeLimit(PracticeFiles.MaxBytes * 3)]
[RequestFormLimits(MultipartBodyLengthLimit = PracticeFiles.MaxBytes * 3)]
public sealed class AttachmentsModel(PracticeCatalogue catalogue, PracticeEditor editor, LearningNetworkDb db, TimeProvider clock, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Caption { get; set; }
    [BindProperty] public string? Credit { get; set; }
    [BindProperty] public string? Licence { get; set; }

    public Practice Practice { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public Dictionary<string, string> Errors { get; } = [];
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var denied = await LoadAsync(slug, ct);
        if (denied is not null) return denied;
        Done = Request.Query["done"].FirstOrDefault() is "added" or "removed" ? $"Attachment.Done.{Request.Query["done"]}" : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        var denied = await LoadAsync(slug, ct);
        if (denied is not null) return denied;
        if (Practice.Attachments.Count >= PracticeFiles.MaxAttachments) Errors["Upload"] = text["Attachment.TooMany", PracticeFiles.MaxAttachments];
        else if (Upload is null) Errors["Upload"] = text["Attachment.Empty"];
        else if (Upload.Length > PracticeFiles.MaxBytes) Errors["Upload"] = text["Attachment.TooBig"];
        foreach (var (field, value, max) in new[] { ("Caption", Caption, 300), ("Credit", Credit, 200), ("Licence", Licence, 100) })
            if (value?.Trim().Length > max) Errors[field] = text["Validation.TooLong", max];
        InspectedUpload? inspected = null;
        if (Errors.Count == 0)
        {
            await using var content = Upload!.OpenReadStream();
            inspected = await PracticeFiles.InspectAsync(content, ct);
            if (inspected.Refusal is not null) Errors["Upload"] = text[inspected.Refusal, PracticeFiles.CleanName(Upload.FileName, "")];
        }
        if (Errors.Count > 0)
        {
            // Busy: every inspection slot of this node stayed taken; the person may simply try again.
            Response.StatusCode = inspected?.Refusal == "Attachment.Busy" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
            if (Response.StatusCode == StatusCodes.Status503ServiceUnavailable) Response.Headers.RetryAfter = "10";
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var attachment = new PracticeAttachment
        {
            Id = Guid.NewGuid(), PracticeId = Practice.Id, Kind = inspected!.Kind, ContentType = inspected.ContentType,
            FileName = PracticeFiles.CleanName(Upload!.FileName, inspected.ContentType), SizeBytes = inspected.Bytes.Length,
            Width = inspected.Width, Height = inspected.Height, Caption = Trim(Caption), Credit = Trim(Credit), Licence = Trim(Licence),
            CreatedAt = now, CreatedBy = PracticeEditor.UserId(User),
        };
        db.PracticeAttachments.Add(attachment); // added explicitly: found through the navigation, a set Guid key would be taken for an existing row
        Practice.Attachments.Add(attachment);
        db.PracticeAttachmentContents.Add(new PracticeAttachmentContent { AttachmentId = attachment.Id, Bytes = inspected.Bytes, Thumbnail = inspected.Thumbnail });
        await RecordAsync("attachment", attachment.FileName, now, ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/practices/{slug}/attachments?done=added");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string slug, Guid id, CancellationToken ct)
    {
        var denied = await LoadAsync(slug, ct);
        if (denied is not null) return denied;
        var attachment = Practice.Attachments.FirstOrDefault(a => a.Id == id);
        if (attachment is null) return NotFound();
        Practice.Attachments.Remove(attachment);
        await RecordAsync("attachment", "removed " + attachment.FileName, clock.GetUtcNow().UtcDateTime, ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/practices/{slug}/attachments?done=removed");
    }

    private async Task RecordAsync(string action, string note, DateTime now, CancellationToken ct)
    {
        Practice.UpdatedAt = now;
        Practice.Version = Guid.NewGuid();
        PracticeHistory.Record(db, Practice, action, PracticeEditor.UserId(User), now, note, await PracticeHistory.NextNumberAsync(db, Practice.Id, ct));
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = PracticeEditor.UserId(User), Action = "practice." + action, Subject = $"practice/{Practice.Slug}", Details = note });
        await db.SaveChangesAsync(ct);
    }

    private static string? Trim(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var practice = await catalogue.FindAsync(slug, ct, tracking: true);
        if (practice is null) return NotFound();
        var rights = await editor.RightsAsync(User, practice, ct);
        if (!rights.CanEdit) return rights.CanSee(practice) ? Forbid() : NotFound();
        Practice = practice;
        Title = PracticeLanguage.Pick(practice, LocalizationSetup.CurrentLanguage).Title;
        return null;
    }
}
