using System.IO.Compression;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace LearningNetwork.Features.Practices;

/// <summary>What an upload turned out to be, or why it was refused (a resource key).</summary>
public sealed record InspectedUpload(AttachmentKind Kind, string ContentType, byte[] Bytes, byte[]? Thumbnail, int? Width, int? Height)
{
    public string? Refusal { get; init; }
}

/// <summary>
/// Photos and documents of practices. The type is decided by the content, never by the name or the declared type:
/// JPEG, PNG and WebP photos are decoded (a file that only starts like an image is refused), re-encoded without their
/// metadata (no GPS position leaks from a phone photo) at most 2560 px wide, and get a 640 px thumbnail; PDF and
/// OpenDocument/Office Open XML documents are recognised by their signature and, for the zipped ones, their inner
/// manifest. Everything else is refused with the reason.
/// </summary>
public sealed class PracticeFiles(LearningNetworkDb db)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxAttachments = 20;
    private const long MaxPixels = 50_000_000;

    public static InspectedUpload Inspect(byte[] bytes)
    {
        static InspectedUpload Refuse(string key) => new(AttachmentKind.Document, "", [], null, null, null) { Refusal = key };
        if (bytes.Length == 0) return Refuse("Attachment.Empty");
        if (bytes.Length > MaxBytes) return Refuse("Attachment.TooBig");
        var span = bytes.AsSpan();
        var isJpeg = span.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF });
        var isPng = span.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var isWebp = span.Length > 12 && span[..4].SequenceEqual("RIFF"u8) && span.Slice(8, 4).SequenceEqual("WEBP"u8);
        if (isJpeg || isPng || isWebp) return Photo(bytes) ?? Refuse("Attachment.BrokenImage");
        if (span.StartsWith("%PDF-"u8)) return new(AttachmentKind.Document, "application/pdf", bytes, null, null, null);
        if (span.StartsWith("PK\u0003\u0004"u8) && ZippedDocument(bytes) is { } type) return new(AttachmentKind.Document, type, bytes, null, null, null);
        return Refuse("Attachment.UnknownType");
    }

    private static InspectedUpload? Photo(byte[] bytes)
    {
        try
        {
            using var codec = SKCodec.Create(new SKMemoryStream(bytes));
            if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > MaxPixels) return null;
            using var decoded = SKBitmap.Decode(codec);
            if (decoded is null) return null;
            using var oriented = Orient(decoded, codec.EncodedOrigin);
            var full = Encode(oriented, 2560, 88);
            var thumb = Encode(oriented, 640, 78);
            var (w, h) = Fit(oriented.Width, oriented.Height, 2560);
            return new InspectedUpload(AttachmentKind.Photo, "image/jpeg", full, thumb, w, h);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    private static SKBitmap Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default) return bitmap.Copy();
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height);
        using var canvas = new SKCanvas(result);
        switch (origin)
        {
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180, bitmap.Width / 2f, bitmap.Height / 2f); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(result.Width, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, result.Height); canvas.RotateDegrees(270); break;
        }
        canvas.DrawBitmap(bitmap, 0, 0);
        return result;
    }

    private static (int W, int H) Fit(int w, int h, int max) => w <= max ? (w, h) : (max, Math.Max(1, (int)Math.Round(h * (double)max / w)));

    private static byte[] Encode(SKBitmap bitmap, int maxWidth, int quality)
    {
        var (w, h) = Fit(bitmap.Width, bitmap.Height, maxWidth);
        using var scaled = w == bitmap.Width ? bitmap.Copy() : bitmap.Resize(new SKImageInfo(w, h), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(scaled);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    /// <summary>The media type of an OpenDocument or Office Open XML file, from its inner manifest; null for any other zip.</summary>
    private static string? ZippedDocument(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            if (zip.Entries.Count > 5000) return null;
            if (zip.GetEntry("mimetype") is { Length: < 200 } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open());
                var type = reader.ReadToEnd().Trim();
                return type is "application/vnd.oasis.opendocument.text" or "application/vnd.oasis.opendocument.spreadsheet"
                    or "application/vnd.oasis.opendocument.presentation" ? type : null;
            }
            if (zip.GetEntry("[Content_Types].xml") is null) return null;
            if (zip.GetEntry("word/document.xml") is not null) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            if (zip.GetEntry("xl/workbook.xml") is not null) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            if (zip.GetEntry("ppt/presentation.xml") is not null) return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>An uploaded name made safe to store and show: no path, no control characters, at most 200 characters.</summary>
    public static string CleanName(string? name, string contentType)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string(bare.Where(c => !char.IsControl(c) && c is not ('<' or '>' or '"' or '/' or '\\' or ':' or '*' or '?' or '|')).ToArray()).Trim().TrimStart('.');
        var extension = contentType switch
        {
            "image/jpeg" => ".jpg", "application/pdf" => ".pdf",
            "application/vnd.oasis.opendocument.text" => ".odt", "application/vnd.oasis.opendocument.spreadsheet" => ".ods",
            "application/vnd.oasis.opendocument.presentation" => ".odp",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ".xlsx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation" => ".pptx",
            _ => "",
        };
        var stem = Path.GetFileNameWithoutExtension(clean);
        if (stem.Length == 0) stem = "file";
        if (stem.Length > 180) stem = stem[..180];
        return stem + extension; // the extension says what the content is, whatever the upload claimed
    }

    /// <summary>Serves an attachment or its thumbnail when the reader may see the practice it belongs to.</summary>
    public async Task<IResult> ServeAsync(Guid id, bool thumbnail, ClaimsPrincipal user, PracticeEditor editor, CancellationToken ct)
    {
        var attachment = await db.PracticeAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (attachment is null) return Results.NotFound();
        var practice = await db.Practices.AsNoTracking().FirstAsync(p => p.Id == attachment.PracticeId, ct);
        if (practice.Stage is not (PracticeStage.Published or PracticeStage.Archived) && !(await editor.RightsAsync(user, practice, ct)).CanSee(practice))
            return Results.NotFound();
        var content = await db.PracticeAttachmentContents.AsNoTracking().FirstAsync(c => c.AttachmentId == id, ct);
        if (thumbnail)
            return content.Thumbnail is null ? Results.NotFound() : Results.File(content.Thumbnail, "image/jpeg", lastModified: attachment.CreatedAt);
        return attachment.Kind == AttachmentKind.Photo
            ? Results.File(content.Bytes, attachment.ContentType, lastModified: attachment.CreatedAt)
            : Results.File(content.Bytes, attachment.ContentType, attachment.FileName, lastModified: attachment.CreatedAt);
    }
}

public static class PracticeFilesEndpoints
{
    public static void MapPracticeFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/practices/{id:guid}", (Guid id, ClaimsPrincipal user, PracticeFiles files, PracticeEditor editor, CancellationToken ct) =>
            files.ServeAsync(id, false, user, editor, ct)).ExcludeFromDescription();
        app.MapGet("/files/practices/{id:guid}/thumb", (Guid id, ClaimsPrincipal user, PracticeFiles files, PracticeEditor editor, CancellationToken ct) =>
            files.ServeAsync(id, true, user, editor, ct)).ExcludeFromDescription();
    }
}
