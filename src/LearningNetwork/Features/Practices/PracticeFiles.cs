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
/// metadata (no GPS position leaks from a phone photo) at most 2560 px on their longer side, and get a 640 px thumbnail;
/// what an image may cost in memory is bounded whatever its header declares (see <see cref="MaxDecodedPixels"/>); PDF and
/// OpenDocument/Office Open XML documents are recognised by their signature and, for the zipped ones, their inner
/// manifest. Everything else is refused with the reason.
/// </summary>
public sealed class PracticeFiles(LearningNetworkDb db)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxAttachments = 20;

    /// <summary>Photos are kept at most this many pixels on their longer side; their thumbnails at <see cref="ThumbnailSide"/>.</summary>
    public const int MaxSide = 2560;
    public const int ThumbnailSide = 640;

    /// <summary>The most pixels an image may declare: beyond it nothing is decoded.</summary>
    private const long MaxPixels = 50_000_000;

    /// <summary>
    /// The most pixels decoded for one photo (twice the largest kept size, 52 MB of pixels): JPEG and WebP are decoded
    /// scaled down by the codec to just above the kept size, so any photo up to <see cref="MaxPixels"/> fits; a PNG, which
    /// decodes only at full size, is refused beyond it.
    /// </summary>
    private const long MaxDecodedPixels = 2L * MaxSide * MaxSide;

    /// <summary>Uploads inspected at once on this node; with <see cref="MaxDecodedPixels"/> this bounds the memory they take.</summary>
    public const int ConcurrentInspections = 2;

    private static readonly SemaphoreSlim Inspections = new(ConcurrentInspections, ConcurrentInspections);

    private static InspectedUpload Refuse(string key) => new(AttachmentKind.Document, "", [], null, null, null) { Refusal = key };

    /// <summary>
    /// Reads an upload (at most <see cref="MaxBytes"/> of it) and inspects it, as one of at most
    /// <see cref="ConcurrentInspections"/> on this node; when none is free within <paramref name="wait"/> (10 s by default)
    /// the upload is refused with <c>Attachment.Busy</c>, so that a burst of uploads queues briefly instead of taking memory.
    /// </summary>
    public static async Task<InspectedUpload> InspectAsync(Stream content, CancellationToken ct, TimeSpan? wait = null)
    {
        if (!await Inspections.WaitAsync(wait ?? TimeSpan.FromSeconds(10), ct)) return Refuse("Attachment.Busy");
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBytes) return Refuse("Attachment.TooBig");
                buffer.Write(chunk, 0, read);
            }
            return Inspect(buffer.ToArray());
        }
        finally
        {
            Inspections.Release();
        }
    }

    public static InspectedUpload Inspect(byte[] bytes)
    {
        if (bytes.Length == 0) return Refuse("Attachment.Empty");
        if (bytes.Length > MaxBytes) return Refuse("Attachment.TooBig");
        var span = bytes.AsSpan();
        var isJpeg = span.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF });
        var isPng = span.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var isWebp = span.Length > 12 && span[..4].SequenceEqual("RIFF"u8) && span.Slice(8, 4).SequenceEqual("WEBP"u8);
        if (isJpeg || isPng || isWebp) return Photo(bytes);
        if (span.StartsWith("%PDF-"u8)) return new(AttachmentKind.Document, "application/pdf", bytes, null, null, null);
        if (span.StartsWith("PK\u0003\u0004"u8) && ZippedDocument(bytes) is { } type) return new(AttachmentKind.Document, type, bytes, null, null, null);
        return Refuse("Attachment.UnknownType");
    }

    /// <summary>
    /// Decodes a photo at the smallest size its codec offers that still holds the kept size, within
    /// <see cref="MaxDecodedPixels"/>, and only a complete image: a header that promises pixels the file does not hold is
    /// refused. The pixels are scaled to the kept size before they are turned upright, so no full-size copy is made.
    /// </summary>
    private static InspectedUpload Photo(byte[] bytes)
    {
        try
        {
            using var codec = SKCodec.Create(new SKMemoryStream(bytes));
            if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0) return Refuse("Attachment.BrokenImage");
            var (width, height) = (codec.Info.Width, codec.Info.Height);
            if ((long)width * height > MaxPixels) return Refuse("Attachment.TooManyPixels");
            var decodeSize = codec.GetScaledDimensions(Math.Min(1f, (float)MaxSide / Math.Max(width, height)));
            if (decodeSize.Width <= 0 || decodeSize.Height <= 0 || (long)decodeSize.Width * decodeSize.Height > MaxDecodedPixels)
                return Refuse("Attachment.TooManyPixels");
            var info = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKImageInfo.PlatformColorType,
                codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
            var swap = codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
            var (w, h) = Fit(swap ? height : width, swap ? width : height, MaxSide); // the kept size, upright
            var kept = new SKBitmap();
            try
            {
                if (!kept.TryAllocPixels(info) || codec.GetPixels(info, kept.GetPixels()) != SKCodecResult.Success) return Refuse("Attachment.BrokenImage");
                if (Resize(kept, swap ? h : w, swap ? w : h) is { } resized)
                {
                    kept.Dispose(); // the decoded pixels go before the next copy is made
                    kept = resized;
                }
                using var upright = Orient(kept, codec.EncodedOrigin);
                var photo = upright ?? kept;
                var full = Encode(photo, 88);
                var (tw, th) = Fit(photo.Width, photo.Height, ThumbnailSide);
                using var small = Resize(photo, tw, th);
                var thumb = Encode(small ?? photo, 78);
                return new InspectedUpload(AttachmentKind.Photo, "image/jpeg", full, thumb, photo.Width, photo.Height);
            }
            finally
            {
                kept.Dispose();
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            return Refuse("Attachment.BrokenImage");
        }
    }

    /// <summary>The bitmap turned upright, or null when it already is.</summary>
    private static SKBitmap? Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default) return null;
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

    /// <summary>The size within a square of <paramref name="max"/> pixels, keeping the proportions.</summary>
    private static (int W, int H) Fit(int w, int h, int max) =>
        w <= max && h <= max ? (w, h)
        : w >= h ? (max, Math.Max(1, (int)Math.Round(h * (double)max / w)))
        : (Math.Max(1, (int)Math.Round(w * (double)max / h)), max);

    /// <summary>The bitmap at another size, or null when it already has that size.</summary>
    private static SKBitmap? Resize(SKBitmap bitmap, int w, int h) =>
        w == bitmap.Width && h == bitmap.Height ? null
        : bitmap.Resize(new SKImageInfo(w, h, bitmap.ColorType, bitmap.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell))
          ?? throw new InvalidOperationException("the image could not be resized");

    private static byte[] Encode(SKBitmap bitmap, int quality)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality) ?? throw new InvalidOperationException("the image could not be encoded");
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
